#include "dram/frfcfs_scheduler.h"

#include "dram/fcfs_scheduler.h"

namespace vplab::dram {

void frfcfs_scheduler::select(const std::vector<dram_request>& queue, const bank_state& banks,
                              std::vector<int>& choice) const {
    for (std::size_t i = 0; i < queue.size(); ++i) {
        const dram_address& a = queue[i].addr;
        int& c = choice[a.flat_bank];
        if (c < 0) {
            c = int(i);
        } else if (banks.is_hit(a.flat_bank, a.row) && !banks.is_hit(a.flat_bank, queue[std::size_t(c)].addr.row)) {
            c = int(i);
        }
    }
}

std::unique_ptr<scheduler> make_scheduler(scheduler_kind kind) {
    if (kind == scheduler_kind::fcfs) return std::make_unique<fcfs_scheduler>();
    return std::make_unique<frfcfs_scheduler>();
}

} // namespace vplab::dram
