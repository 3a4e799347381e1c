#pragma once
// Chooses, for every bank, which queued request it serves next. The controller then issues the command of the
// bank whose choice can go first, so bank-level parallelism does not depend on the scheduler.

#include "dram/bank_state.h"
#include "dram/dram_config.h"
#include "dram/dram_request.h"

#include <memory>
#include <vector>

namespace vplab::dram {

class scheduler {
public:
    virtual ~scheduler() = default;
    // Sets choice[bank] to the queue index served next by that bank, or -1; `queue` is in arrival order.
    virtual void select(const std::vector<dram_request>& queue, const bank_state& banks,
                        std::vector<int>& choice) const = 0;
};

std::unique_ptr<scheduler> make_scheduler(scheduler_kind kind);

} // namespace vplab::dram
