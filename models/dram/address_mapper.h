#pragma once
// Splits a byte address into channel, rank, bank group, bank, row and column by a configurable bit order.

#include "dram/dram_spec.h"

#include <array>
#include <cstdint>
#include <string>

namespace vplab::dram {

struct dram_address {
    std::uint32_t channel = 0;
    std::uint32_t rank = 0;
    std::uint32_t bank_group = 0;
    std::uint32_t bank = 0;       // inside its bank group
    std::uint32_t flat_bank = 0;  // rank * banks + bank_group * banks_per_group + bank: index into per-channel arrays
    std::uint32_t row = 0;
    std::uint32_t column = 0;     // in bursts
};

class address_mapper {
public:
    // `order`: a named order or tokens from most to least significant, e.g. "ro_ra_ba_co_bg_ch".
    // Named orders: "row_bank_column" (ro_ra_bg_ba_co_ch: a whole row before the next bank),
    // "bank_interleaved" (ro_ra_co_ba_bg_ch: consecutive bursts rotate over all banks) and
    // "row_column_bankgroup" (ro_ra_ba_co_bg_ch, the default: consecutive bursts alternate bank groups so that
    // DDR4 streams at tCCD_S). Throws std::invalid_argument for a malformed order.
    address_mapper(const dram_organisation& org, const std::string& order);

    // Offset from the memory's base, below capacity(). Inline: b_transport decodes every burst of a request.
    dram_address decode(std::uint64_t offset) const {
        dram_address a;
        a.channel = field_of(offset, f_channel);
        a.rank = field_of(offset, f_rank);
        a.bank_group = field_of(offset, f_bank_group);
        a.bank = field_of(offset, f_bank);
        a.row = field_of(offset, f_row);
        a.column = field_of(offset, f_column);
        a.flat_bank = a.rank * m_banks_per_rank + a.bank_group * m_org.banks_per_group + a.bank;
        return a;
    }
    std::uint64_t encode(const dram_address& a) const;  // inverse of decode for burst-aligned offsets
    std::uint64_t capacity() const { return m_capacity; }
    const std::string& order() const { return m_order; }

private:
    enum field { f_row, f_rank, f_bank_group, f_bank, f_column, f_channel, field_count };
    struct slot {
        unsigned shift = 0;
        unsigned bits = 0;
        std::uint64_t mask = 0;  // (1 << bits) - 1
    };
    std::uint32_t field_of(std::uint64_t offset, field f) const {
        return std::uint32_t((offset >> m_slots[f].shift) & m_slots[f].mask);
    }

    dram_organisation m_org;
    std::string m_order;
    std::array<slot, field_count> m_slots{};
    std::uint64_t m_capacity = 0;
    std::uint32_t m_banks_per_rank = 0;
};

} // namespace vplab::dram
