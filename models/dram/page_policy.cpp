#include "dram/page_policy.h"

namespace vplab::dram {

bool page_policy::close_after(const dram_request& served, const std::vector<dram_request>& queue) const {
    if (m_kind == page_policy_kind::open) return false;
    if (m_kind == page_policy_kind::closed) return true;
    bool other_row = false;
    for (const dram_request& r : queue) {
        if (r.addr.flat_bank != served.addr.flat_bank) continue;
        if (r.addr.row == served.addr.row) return false;
        other_row = true;
    }
    return other_row;
}

} // namespace vplab::dram
