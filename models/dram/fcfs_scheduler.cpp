#include "dram/fcfs_scheduler.h"

namespace vplab::dram {

void fcfs_scheduler::select(const std::vector<dram_request>& queue, const bank_state&, std::vector<int>& choice) const {
    for (std::size_t i = 0; i < queue.size(); ++i) {
        int& c = choice[queue[i].addr.flat_bank];
        if (c < 0) c = int(i);
    }
}

} // namespace vplab::dram
