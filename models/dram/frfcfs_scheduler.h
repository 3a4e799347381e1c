#pragma once

#include "dram/scheduler.h"

namespace vplab::dram {

// First-ready FCFS (Rixner et al., ISCA 2000): per bank, the oldest request that hits the open row, else the oldest.
class frfcfs_scheduler : public scheduler {
public:
    void select(const std::vector<dram_request>& queue, const bank_state& banks,
                std::vector<int>& choice) const override;
};

} // namespace vplab::dram
