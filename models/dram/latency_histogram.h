#pragma once
// Exact latency distribution in clock cycles (one counter per cycle value), for the mean and any percentile.

#include <cstdint>
#include <vector>

namespace vplab::dram {

class latency_histogram {
public:
    void add(std::uint64_t cycles);
    std::uint64_t count() const { return m_count; }
    double mean() const { return m_count ? double(m_sum) / double(m_count) : 0.0; }
    std::uint64_t max() const { return m_bins.empty() ? 0 : m_bins.size() - 1; }
    // Smallest value v such that at least p% of the samples are <= v; 0 when empty.
    std::uint64_t percentile(double p) const;

private:
    std::vector<std::uint64_t> m_bins;
    std::uint64_t m_count = 0;
    std::uint64_t m_sum = 0;
};

} // namespace vplab::dram
