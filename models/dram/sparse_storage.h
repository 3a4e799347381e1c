#pragma once
// Functional contents of a large memory: fixed-size pages allocated on first write (or DMI grant), so a 4 GiB
// HBM2 space costs only what is touched. Untouched bytes read as zero.

#include <cstdint>
#include <memory>
#include <unordered_map>

namespace vplab::dram {

class sparse_storage {
public:
    static constexpr std::uint64_t page_bytes = 64 * 1024;

    explicit sparse_storage(std::uint64_t size) : m_size(size) {}

    std::uint64_t size() const { return m_size; }
    // Offsets and lengths must lie inside size(); `enable` is a TLM byte-enable mask (nullptr: all bytes).
    void read(std::uint64_t offset, unsigned char* out, std::uint64_t len) const;
    void write(std::uint64_t offset, const unsigned char* in, std::uint64_t len, const unsigned char* enable = nullptr,
               unsigned enable_len = 0);
    // The page holding `offset`, allocated if needed; stable for the storage's lifetime (used for DMI).
    unsigned char* page(std::uint64_t offset);
    std::size_t pages_allocated() const { return m_pages.size(); }

private:
    const unsigned char* find(std::uint64_t page_index) const;

    std::uint64_t m_size;
    std::unordered_map<std::uint64_t, std::unique_ptr<unsigned char[]>> m_pages;
};

} // namespace vplab::dram
