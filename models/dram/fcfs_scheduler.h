#pragma once

#include "dram/scheduler.h"

namespace vplab::dram {

// Oldest request first, per bank: a row conflict at the head closes the row even if younger requests hit it.
class fcfs_scheduler : public scheduler {
public:
    void select(const std::vector<dram_request>& queue, const bank_state& banks,
                std::vector<int>& choice) const override;
};

} // namespace vplab::dram
