#include "traffic_pattern.h"

#include <algorithm>

namespace vplab::platforms::dram_traffic {

traffic_pattern::traffic_pattern(const workload_config& w, std::uint64_t memory_bytes)
    : m_w(w), m_span(std::min(w.span, memory_bytes - std::min(memory_bytes, w.offset))),
      m_count((w.bytes + w.request_bytes - 1) / w.request_bytes), m_rng(w.seed) {
    m_span -= m_span % w.request_bytes;
}

std::uint64_t traffic_pattern::extent_bytes() const {
    return m_w.pattern == pattern_kind::sequential ? m_count * m_w.request_bytes : m_span;
}

std::uint64_t traffic_pattern::random_address() {
    const std::uint64_t slots = std::max<std::uint64_t>(1, m_span / m_w.request_bytes);
    return m_w.offset + (m_rng() % slots) * m_w.request_bytes;
}

traffic_request traffic_pattern::next() {
    traffic_request r;
    r.bytes = m_w.request_bytes;
    switch (m_w.pattern) {
    case pattern_kind::sequential:
        r.address = m_w.offset + m_issued * m_w.request_bytes;
        break;
    case pattern_kind::random:
        r.address = random_address();
        break;
    case pattern_kind::strided:
        r.address = m_w.offset + (m_issued * m_w.stride) % std::max<std::uint64_t>(m_span, m_w.request_bytes);
        r.address -= (r.address - m_w.offset) % m_w.request_bytes;
        break;
    case pattern_kind::mixed:
    case pattern_kind::trace:
        if (m_issued % 2 == 0) {
            r.address = m_w.offset + m_sequential % std::max<std::uint64_t>(m_span, m_w.request_bytes);
            m_sequential += m_w.request_bytes;
        } else {
            r.address = random_address();
        }
        break;
    }
    const double u = double(m_rng() >> 11) * (1.0 / 9007199254740992.0);
    r.write = u >= m_w.read_fraction;
    ++m_issued;
    return r;
}

} // namespace vplab::platforms::dram_traffic
