#include "dram/dram_config.h"

#include <stdexcept>

namespace vplab::dram {

scheduler_kind parse_scheduler(const std::string& text) {
    if (text == "fcfs") return scheduler_kind::fcfs;
    if (text == "frfcfs") return scheduler_kind::frfcfs;
    throw std::invalid_argument("unknown scheduler '" + text + "' (fcfs, frfcfs)");
}

page_policy_kind parse_page_policy(const std::string& text) {
    if (text == "open") return page_policy_kind::open;
    if (text == "closed") return page_policy_kind::closed;
    if (text == "open_adaptive") return page_policy_kind::open_adaptive;
    throw std::invalid_argument("unknown page policy '" + text + "' (open, closed, open_adaptive)");
}

const char* to_string(scheduler_kind k) { return k == scheduler_kind::fcfs ? "fcfs" : "frfcfs"; }

const char* to_string(page_policy_kind k) {
    switch (k) {
    case page_policy_kind::open: return "open";
    case page_policy_kind::closed: return "closed";
    case page_policy_kind::open_adaptive: return "open_adaptive";
    }
    return "?";
}

} // namespace vplab::dram
