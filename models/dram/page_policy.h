#pragma once
// Whether a bank closes its row right after a column command (as an auto-precharge).

#include "dram/dram_config.h"
#include "dram/dram_request.h"

#include <vector>

namespace vplab::dram {

class page_policy {
public:
    explicit page_policy(page_policy_kind kind) : m_kind(kind) {}

    // `served` has just issued its column command and is no longer in `queue`.
    // open: never; closed: always; open_adaptive: when nothing queued hits the row but something else needs the bank.
    bool close_after(const dram_request& served, const std::vector<dram_request>& queue) const;
    page_policy_kind kind() const { return m_kind; }

private:
    page_policy_kind m_kind;
};

} // namespace vplab::dram
