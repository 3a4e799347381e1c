#include "dram/latency_histogram.h"

#include <cmath>

namespace vplab::dram {

void latency_histogram::add(std::uint64_t cycles) {
    if (cycles >= m_bins.size()) m_bins.resize(cycles + 1, 0);
    ++m_bins[cycles];
    ++m_count;
    m_sum += cycles;
}

std::uint64_t latency_histogram::percentile(double p) const {
    if (m_count == 0) return 0;
    const auto needed = std::uint64_t(std::ceil(double(m_count) * p / 100.0));
    std::uint64_t seen = 0;
    for (std::uint64_t v = 0; v < m_bins.size(); ++v) {
        seen += m_bins[v];
        if (seen >= needed && seen > 0) return v;
    }
    return max();
}

} // namespace vplab::dram
