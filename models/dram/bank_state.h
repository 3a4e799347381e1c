#pragma once
// Which row each bank of a channel has open.

#include <cstdint>
#include <vector>

namespace vplab::dram {

class bank_state {
public:
    explicit bank_state(std::uint32_t banks) : m_banks(banks) {}

    bool is_open(std::uint32_t bank) const { return m_banks[bank].open; }
    std::uint32_t open_row(std::uint32_t bank) const { return m_banks[bank].row; }
    bool is_hit(std::uint32_t bank, std::uint32_t row) const { return m_banks[bank].open && m_banks[bank].row == row; }
    void open(std::uint32_t bank, std::uint32_t row) { m_banks[bank] = {true, row}; }
    void close(std::uint32_t bank) { m_banks[bank].open = false; }
    std::uint32_t size() const { return std::uint32_t(m_banks.size()); }

private:
    struct entry {
        bool open = false;
        std::uint32_t row = 0;
    };
    std::vector<entry> m_banks;
};

} // namespace vplab::dram
