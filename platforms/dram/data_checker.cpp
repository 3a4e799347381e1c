#include "data_checker.h"

#include <algorithm>
#include <cstdio>

namespace vplab::platforms::dram_traffic {

namespace {
std::uint64_t mix(std::uint64_t x) {  // splitmix64 finaliser
    x += 0x9e3779b97f4a7c15ull;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
    return x ^ (x >> 31);
}
} // namespace

unsigned char data_checker::pattern(std::uint64_t address, int version) const {
    const std::uint64_t salt = version ? 0xa5a5a5a5a5a5a5a5ull : 0;
    const std::uint64_t word = mix((address >> 3) ^ (m_seed * 0x100000001b3ull) ^ salt);
    return static_cast<unsigned char>(word >> ((address & 7) * 8));
}

void data_checker::fill(std::uint64_t address, unsigned char* out, std::uint64_t bytes, int version) const {
    std::uint64_t i = 0;
    for (; i < bytes && ((address + i) & 7) != 0; ++i) out[i] = pattern(address + i, version);
    // One hash per aligned 8-byte word (the preload of a large span is dominated by this).
    const std::uint64_t salt = version ? 0xa5a5a5a5a5a5a5a5ull : 0;
    for (; i + 8 <= bytes; i += 8) {
        const std::uint64_t word = mix(((address + i) >> 3) ^ (m_seed * 0x100000001b3ull) ^ salt);
        for (unsigned k = 0; k < 8; ++k) out[i + k] = static_cast<unsigned char>(word >> (k * 8));
    }
    for (; i < bytes; ++i) out[i] = pattern(address + i, version);
}

void data_checker::written(std::uint64_t address, std::uint64_t bytes) {
    std::uint64_t start = address, end = address + bytes;
    auto it = m_written.upper_bound(start);
    if (it != m_written.begin()) {
        auto prev = std::prev(it);
        if (prev->second >= start) {
            start = prev->first;
            end = std::max(end, prev->second);
            it = m_written.erase(prev);
        }
    }
    while (it != m_written.end() && it->first <= end) {
        end = std::max(end, it->second);
        it = m_written.erase(it);
    }
    m_written.emplace(start, end);
}

void data_checker::expected(std::uint64_t address, unsigned char* out, std::uint64_t bytes) const {
    for (std::uint64_t i = 0; i < bytes; ++i) {
        const std::uint64_t a = address + i;
        auto it = m_written.upper_bound(a);
        const bool written = it != m_written.begin() && std::prev(it)->second > a;
        if (written)
            out[i] = pattern(a, 1);
        else if (a >= m_preload.first && a < m_preload.second)
            out[i] = pattern(a, 0);
        else
            out[i] = 0;
    }
}

void data_checker::check(std::uint64_t address, const unsigned char* got, const unsigned char* want,
                         std::uint64_t bytes) {
    m_checked += bytes;
    for (std::uint64_t i = 0; i < bytes; ++i) {
        if (got[i] == want[i]) continue;
        if (m_mismatches++ == 0) {
            char text[96];
            std::snprintf(text, sizeof text, "0x%llx: read 0x%02x, expected 0x%02x",
                          static_cast<unsigned long long>(address + i), got[i], want[i]);
            m_first = text;
        }
    }
}

} // namespace vplab::platforms::dram_traffic
