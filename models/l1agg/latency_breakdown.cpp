#include "latency_breakdown.h"

namespace vplab::l1agg {

const char* to_string(load_path p) {
    switch (p) {
    case load_path::local_hit: return "local_hit";
    case load_path::remote_hit: return "remote_hit";
    case load_path::local_pending: return "local_pending_hit";
    case load_path::remote_pending: return "remote_pending_hit";
    case load_path::miss: return "miss";
    }
    return "?";
}

latency_breakdown& latency_breakdown::operator+=(const latency_breakdown& o) {
    for (unsigned i = 0; i < load_path_count; ++i) load[i] += o.load[i];
    dram_line += o.dram_line;
    wait_issue += o.wait_issue;
    wait_tag += o.wait_tag;
    wait_ata += o.wait_ata;
    wait_l1_port += o.wait_l1_port;
    wait_xbar += o.wait_xbar;
    wait_l2_port += o.wait_l2_port;
    wait_dram_overflow += o.wait_dram_overflow;
    return *this;
}

} // namespace vplab::l1agg
