#pragma once
// Knows what every byte of the memory should hold, without a second copy of it: preloaded bytes carry one
// address-derived pattern, bytes the generator wrote carry another, everything else is zero.

#include <cstdint>
#include <map>
#include <string>

namespace vplab::platforms::dram_traffic {

class data_checker {
public:
    explicit data_checker(std::uint64_t seed) : m_seed(seed) {}

    // The byte at `address` in the preloaded (version 0) or written (version 1) pattern.
    unsigned char pattern(std::uint64_t address, int version) const;
    void fill(std::uint64_t address, unsigned char* out, std::uint64_t bytes, int version) const;

    void preloaded(std::uint64_t address, std::uint64_t bytes) { m_preload = {address, address + bytes}; }
    void written(std::uint64_t address, std::uint64_t bytes);
    // What a read of [address, +bytes) must return now.
    void expected(std::uint64_t address, unsigned char* out, std::uint64_t bytes) const;

    // Compares a read; counts and remembers the first mismatch.
    void check(std::uint64_t address, const unsigned char* got, const unsigned char* want, std::uint64_t bytes);
    std::uint64_t mismatches() const { return m_mismatches; }
    std::uint64_t checked_bytes() const { return m_checked; }
    std::string first_mismatch() const { return m_first; }

private:
    std::uint64_t m_seed;
    std::pair<std::uint64_t, std::uint64_t> m_preload{0, 0};
    std::map<std::uint64_t, std::uint64_t> m_written;  // disjoint [start, end) ranges, merged
    std::uint64_t m_mismatches = 0;
    std::uint64_t m_checked = 0;
    std::string m_first;
};

} // namespace vplab::platforms::dram_traffic
