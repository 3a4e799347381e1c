#pragma once
// Everything a dram_memory needs, as a plain typed struct: the device spec plus the controller choices.
// Platforms fill it from their scenario parameters; the model itself does not read configuration files.

#include "dram/dram_spec.h"

#include <cstdint>
#include <string>

namespace vplab::dram {

enum class scheduler_kind { fcfs, frfcfs };
enum class page_policy_kind { open, closed, open_adaptive };

scheduler_kind parse_scheduler(const std::string& text);      // "fcfs", "frfcfs"
page_policy_kind parse_page_policy(const std::string& text);  // "open", "closed", "open_adaptive"
const char* to_string(scheduler_kind k);
const char* to_string(page_policy_kind k);

struct controller_config {
    scheduler_kind scheduler = scheduler_kind::frfcfs;
    page_policy_kind page_policy = page_policy_kind::open;
    std::uint32_t queue_depth = 32;  // bursts waiting per channel; a full queue delays END_REQ
    bool refresh = true;             // all-bank refresh every tREFI
};

struct dram_config {
    dram_spec spec;
    controller_config controller;
    // Address bit order from most to least significant field, '_'-separated tokens:
    // ro (row), ra (rank), bg (bank group), ba (bank), co (column, in bursts), ch (channel).
    // The byte offset inside one burst is always the lowest bits. Named orders: see address_mapper.h.
    std::string mapping = "ro_ra_ba_co_bg_ch";
    std::uint64_t base_address = 0;  // the first byte this memory answers for
};

} // namespace vplab::dram
