#include "dram_params.h"

#include "core/config/input_error.h"
#include "dram/address_mapper.h"
#include "trace_reader.h"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <stdexcept>

namespace vplab::platforms::dram_traffic {

namespace {

using vplab::dram::dram_timing;

// The timing fields a scenario may override, by key name.
struct timing_key {
    const char* name;
    std::uint32_t dram_timing::*field;
    const char* what;
};

const timing_key timing_keys[] = {
    {"CL", &dram_timing::CL, "read latency (RL)"},
    {"CWL", &dram_timing::CWL, "write latency (WL)"},
    {"tRCD", &dram_timing::tRCD, "ACT to RD/WR"},
    {"tRP", &dram_timing::tRP, "PRE to ACT (per bank)"},
    {"tRPab", &dram_timing::tRPab, "PREA to ACT / REF"},
    {"tRAS", &dram_timing::tRAS, "ACT to PRE"},
    {"tRC", &dram_timing::tRC, "ACT to ACT, same bank"},
    {"tCCD_S", &dram_timing::tCCD_S, "column to column, other bank group"},
    {"tCCD_L", &dram_timing::tCCD_L, "column to column, same bank group"},
    {"tRRD_S", &dram_timing::tRRD_S, "ACT to ACT, other bank group"},
    {"tRRD_L", &dram_timing::tRRD_L, "ACT to ACT, same bank group"},
    {"tFAW", &dram_timing::tFAW, "window for four ACTs"},
    {"tWR", &dram_timing::tWR, "write recovery"},
    {"tWTR_S", &dram_timing::tWTR_S, "write to read, other bank group"},
    {"tWTR_L", &dram_timing::tWTR_L, "write to read, same bank group"},
    {"tRTP", &dram_timing::tRTP, "read to precharge"},
    {"tREFI", &dram_timing::tREFI, "refresh interval"},
    {"tRFC", &dram_timing::tRFC, "refresh cycle time"},
    {"tRTRS", &dram_timing::tRTRS, "rank to rank switch"},
};

// The organisation fields a scenario may override.
struct org_key {
    const char* name;
    std::uint32_t vplab::dram::dram_organisation::*field;
    const char* what;
    double max;
};

const org_key org_keys[] = {
    {"channels", &vplab::dram::dram_organisation::channels, "channels", 64},
    {"ranks", &vplab::dram::dram_organisation::ranks, "ranks per channel", 16},
    {"bank_groups", &vplab::dram::dram_organisation::bank_groups, "bank groups per rank", 16},
    {"banks_per_group", &vplab::dram::dram_organisation::banks_per_group, "banks per bank group", 64},
    {"rows", &vplab::dram::dram_organisation::rows, "rows per bank", 1 << 24},
    {"columns", &vplab::dram::dram_organisation::columns, "columns per row, in device-width words", 1 << 16},
    {"device_width", &vplab::dram::dram_organisation::device_width, "bits per device", 1024},
    {"bus_width", &vplab::dram::dram_organisation::bus_width, "bits per channel", 1024},
    {"burst_length", &vplab::dram::dram_organisation::burst_length, "beats per column command", 64},
};

// The currents of one supply rail a scenario may override.
struct current_key {
    const char* name;
    double vplab::dram::power_rail::*field;
    const char* what;
};

const current_key current_keys[] = {
    {"voltage", &vplab::dram::power_rail::voltage, "supply voltage in V"},
    {"idd0", &vplab::dram::power_rail::idd0, "IDD0 in mA (ACT-PRE cycling)"},
    {"idd2n", &vplab::dram::power_rail::idd2n, "IDD2N in mA (precharged standby)"},
    {"idd3n", &vplab::dram::power_rail::idd3n, "IDD3N in mA (active standby)"},
    {"idd4r", &vplab::dram::power_rail::idd4r, "IDD4R in mA (burst read)"},
    {"idd4w", &vplab::dram::power_rail::idd4w, "IDD4W in mA (burst write)"},
    {"idd5", &vplab::dram::power_rail::idd5, "IDD5B in mA (all-bank refresh)"},
};

// Rails across the presets: DDR4 VDD + VPP, LPDDR4 VDD1 + VDD2, HBM2 VDD.
const char* const rail_names[] = {"VDD", "VPP", "VDD1", "VDD2"};

std::string lower(std::string s) {
    for (char& c : s) c = char(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

config::input_error error_at(const config::values& v, const std::string& key, const std::string& msg) {
    return config::input_error({{v.where(key), key, msg}});
}

} // namespace

void declare_params(config::schema& s) {
    s.choice("dram.preset", "ddr4-3200", {"ddr4-3200", "ddr4-2400", "lpddr4-3200", "hbm2"},
             "DRAM standard and speed grade (docs/dram.md lists the values and their sources)")
        .string("dram.mapping", "row_column_bankgroup",
                "address bit order, most significant first: row_column_bankgroup, row_bank_column, bank_interleaved, "
                "or tokens such as ro_ra_ba_co_bg_ch")
        .choice("dram.scheduler", "frfcfs", {"fcfs", "frfcfs"}, "request scheduler of each channel controller")
        .choice("dram.page_policy", "open", {"open", "closed", "open_adaptive"}, "when a bank closes its row")
        .unsigned_("dram.queue_depth", 32, "bursts each channel controller queues before holding END_REQ", 1, 4096)
        .boolean("dram.refresh", true, "all-bank refresh every tREFI")
        .choice("dram.face", "at", {"at", "lt"}, "target interface the generator uses: AT nb_transport or b_transport")
        .unsigned_("dram.command_log", 0,
                   "write the first N DRAM commands to dram_commands.txt in the output directory; 0: none", 0,
                   10000000)
        .time("dram.timing.tCK", "0", "clock period; 0 keeps the preset's", 0, 100000);
    for (const org_key& k : org_keys)
        s.unsigned_(std::string("dram.") + k.name, 0, std::string(k.what) + "; 0 keeps the preset's", 0, k.max);
    for (const timing_key& k : timing_keys)
        s.unsigned_(std::string("dram.timing.") + k.name, 0,
                    std::string(k.what) + " in clock cycles; 0 keeps the preset's", 0, 1000000);
    for (const char* rail : rail_names)
        for (const current_key& k : current_keys)
            s.real("dram.power." + lower(rail) + "." + k.name, 0,
                   std::string(rail) + " " + k.what + " per device; 0 keeps the preset's", 0, 100000);
    s.choice("workload.pattern", "sequential", {"sequential", "random", "strided", "mixed", "trace"},
             "address pattern; trace reads workload.trace")
        .bytes("workload.bytes", "256KiB", "bytes to transfer (synthetic patterns)", 1, 1ull << 40)
        .bytes("workload.request_bytes", "64", "bytes per request", 1, 1 << 20)
        .bytes("workload.stride", "4KiB", "address step of the strided pattern", 1, 1ull << 40)
        .bytes("workload.offset", "0", "first address the workload uses")
        .bytes("workload.span", "64MiB", "region for random, strided and mixed patterns, from workload.offset", 1)
        .real("workload.read_fraction", 1.0, "share of requests that are reads (the rest are writes)", 0.0, 1.0)
        .unsigned_("workload.outstanding", 16, "requests the generator keeps in flight", 1, 4096)
        .string("workload.trace", "", "trace file (time_ns R|W address bytes), relative to the scenario file")
        .boolean("workload.verify", true, "preload the touched region and check every read against it");
}

vplab::dram::dram_config make_dram_config(const config::values& v) {
    vplab::dram::dram_config c;
    c.spec = vplab::dram::preset(v.string("dram.preset"));
    for (const org_key& k : org_keys) {
        const std::uint64_t value = v.unsigned_(std::string("dram.") + k.name);
        if (value) c.spec.org.*k.field = std::uint32_t(value);
    }
    if (v.time_ps("dram.timing.tCK")) c.spec.tck_ps = v.time_ps("dram.timing.tCK");
    for (const char* rail : rail_names) {
        for (const current_key& k : current_keys) {
            const std::string key = "dram.power." + lower(rail) + "." + k.name;
            const double value = v.real(key);
            if (value == 0) continue;
            auto it = std::find_if(c.spec.rails.begin(), c.spec.rails.end(),
                                   [&](const vplab::dram::power_rail& r) { return r.name == rail; });
            if (it == c.spec.rails.end()) {
                std::string have;
                for (const auto& r : c.spec.rails) have += (have.empty() ? "" : ", ") + r.name;
                throw error_at(v, key, c.spec.name + " has no " + rail + " rail (its rails: " + have + ")");
            }
            (*it).*k.field = value;
        }
    }
    for (const timing_key& k : timing_keys) {
        const std::uint64_t value = v.unsigned_(std::string("dram.timing.") + k.name);
        if (value) c.spec.timing.*k.field = std::uint32_t(value);
    }
    try {
        c.spec.validate();
    } catch (const std::invalid_argument& e) {
        // Blame the first override the scenario set; the preset itself only when nothing was overridden.
        std::vector<std::string> keys = {"dram.timing.tCK"};
        for (const org_key& k : org_keys) keys.push_back(std::string("dram.") + k.name);
        for (const timing_key& k : timing_keys) keys.push_back(std::string("dram.timing.") + k.name);
        std::string key = "dram.preset";
        for (const std::string& k : keys)
            if (v.where(k).source != "default") {
                key = k;
                break;
            }
        throw error_at(v, key, e.what());
    }
    c.controller.scheduler = vplab::dram::parse_scheduler(v.string("dram.scheduler"));
    c.controller.page_policy = vplab::dram::parse_page_policy(v.string("dram.page_policy"));
    c.controller.queue_depth = std::uint32_t(v.unsigned_("dram.queue_depth"));
    c.controller.refresh = v.boolean("dram.refresh");
    c.mapping = v.string("dram.mapping");
    try {
        vplab::dram::address_mapper check(c.spec.org, c.mapping);
    } catch (const std::invalid_argument& e) {
        throw error_at(v, "dram.mapping", e.what());
    }
    return c;
}

workload_config make_workload(const config::values& v, std::uint64_t seed) {
    workload_config w;
    const std::string& p = v.string("workload.pattern");
    w.pattern = p == "random"    ? pattern_kind::random
                : p == "strided" ? pattern_kind::strided
                : p == "mixed"   ? pattern_kind::mixed
                : p == "trace"   ? pattern_kind::trace
                                 : pattern_kind::sequential;
    w.bytes = v.bytes("workload.bytes");
    w.request_bytes = std::uint32_t(v.bytes("workload.request_bytes"));
    w.stride = v.bytes("workload.stride");
    w.offset = v.bytes("workload.offset");
    w.span = v.bytes("workload.span");
    w.read_fraction = v.real("workload.read_fraction");
    w.outstanding = std::uint32_t(v.unsigned_("workload.outstanding"));
    w.at_face = v.string("dram.face") == "at";
    w.verify = v.boolean("workload.verify");
    w.seed = seed;
    w.trace_file = v.string("workload.trace");
    if (!w.trace_file.empty()) {
        // Relative to the scenario that named it, so scenarios run from any directory.
        const config::location& where = v.where("workload.trace");
        std::filesystem::path path(w.trace_file);
        if (path.is_relative() && where.line > 0 && !where.source.empty() && where.source != "--set")
            w.trace_file = (std::filesystem::path(where.source).parent_path() / path).lexically_normal().string();
    }
    return w;
}

void validate_params(const config::values& v) {
    const vplab::dram::dram_config c = make_dram_config(v);
    const std::uint64_t size = c.spec.org.capacity();
    const workload_config w = make_workload(v, 0);
    if (w.pattern == pattern_kind::trace) {
        if (w.trace_file.empty())
            throw error_at(v, "workload.pattern", "the trace pattern needs workload.trace (a trace file)");
        check_trace(w.trace_file, size);
        return;
    }
    if (w.offset >= size)
        throw error_at(v, "workload.offset", "offset " + std::to_string(w.offset) + " is outside the memory (" +
                                                 std::to_string(size) + " bytes)");
    if (w.request_bytes > size - w.offset)
        throw error_at(v, "workload.request_bytes", "a request does not fit between workload.offset and the end");
    // A sequential transfer moves whole requests: its last one may reach past workload.bytes.
    const std::uint64_t moved = (w.bytes + w.request_bytes - 1) / w.request_bytes * w.request_bytes;
    if (w.pattern == pattern_kind::sequential && moved > size - w.offset)
        throw error_at(v, "workload.bytes", "sequential transfer of " + std::to_string(moved) +
                                                " bytes (whole requests) from workload.offset does not fit in the "
                                                "memory (" + std::to_string(size) + " bytes)");
}

} // namespace vplab::platforms::dram_traffic
