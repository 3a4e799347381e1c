#include "dram/address_mapper.h"

#include <sstream>
#include <stdexcept>
#include <vector>

namespace vplab::dram {

namespace {

unsigned log2u(std::uint64_t v) {
    unsigned n = 0;
    while (v > 1) {
        v >>= 1;
        ++n;
    }
    return n;
}

std::string expand(const std::string& order) {
    if (order == "row_bank_column") return "ro_ra_bg_ba_co_ch";
    if (order == "bank_interleaved") return "ro_ra_co_ba_bg_ch";
    if (order == "row_column_bankgroup" || order.empty()) return "ro_ra_ba_co_bg_ch";
    return order;
}

} // namespace

address_mapper::address_mapper(const dram_organisation& org, const std::string& order)
    : m_org(org), m_order(expand(order)) {
    const unsigned widths[field_count] = {
        log2u(org.rows), log2u(org.ranks), log2u(org.bank_groups), log2u(org.banks_per_group),
        log2u(org.columns / org.burst_length), log2u(org.channels)};
    static const char* const names[field_count] = {"ro", "ra", "bg", "ba", "co", "ch"};

    std::vector<int> fields;
    std::stringstream in(m_order);
    std::string token;
    while (std::getline(in, token, '_')) {
        int found = -1;
        for (int f = 0; f < field_count; ++f)
            if (token == names[f]) found = f;
        if (found < 0)
            throw std::invalid_argument("address mapping '" + order + "': unknown field '" + token +
                                        "' (use ro, ra, bg, ba, co, ch or a named order)");
        for (int f : fields)
            if (f == found) throw std::invalid_argument("address mapping '" + order + "': field '" + token + "' twice");
        fields.push_back(found);
    }
    if (fields.size() != field_count)
        throw std::invalid_argument("address mapping '" + order + "': needs each of ro, ra, bg, ba, co, ch once");

    unsigned shift = log2u(org.burst_bytes());
    for (auto it = fields.rbegin(); it != fields.rend(); ++it) {
        m_slots[*it] = {shift, widths[*it], (std::uint64_t(1) << widths[*it]) - 1};
        shift += widths[*it];
    }
    m_capacity = std::uint64_t(1) << shift;
    m_banks_per_rank = org.banks();
}

std::uint64_t address_mapper::encode(const dram_address& a) const {
    auto put = [&](field f, std::uint64_t v) { return v << m_slots[f].shift; };
    return put(f_channel, a.channel) | put(f_rank, a.rank) | put(f_bank_group, a.bank_group) | put(f_bank, a.bank) |
           put(f_row, a.row) | put(f_column, a.column);
}

} // namespace vplab::dram
