#pragma once
// A DRAM standard and speed grade as typed values: organisation, timing in clock cycles, and the IDD currents
// the energy model needs. Presets carry their sources next to each value (see dram_spec.cpp, docs/dram.md).

#include <cstdint>
#include <string>
#include <vector>

namespace vplab::dram {

struct dram_organisation {
    std::uint32_t channels = 1;
    std::uint32_t ranks = 1;
    std::uint32_t bank_groups = 1;      // 1 for standards without bank groups (LPDDR4)
    std::uint32_t banks_per_group = 8;
    std::uint32_t rows = 65536;
    std::uint32_t columns = 1024;       // per row, in device-width words
    std::uint32_t device_width = 16;    // bits per device
    std::uint32_t bus_width = 64;       // bits per channel (= device_width * devices per rank)
    std::uint32_t burst_length = 8;     // beats per column command

    std::uint32_t banks() const { return bank_groups * banks_per_group; }
    std::uint32_t devices_per_rank() const { return bus_width / device_width; }
    std::uint32_t burst_bytes() const { return bus_width / 8 * burst_length; }
    std::uint64_t row_bytes() const { return std::uint64_t(columns) * bus_width / 8; }
    std::uint64_t channel_bytes() const { return row_bytes() * rows * banks() * ranks; }
    std::uint64_t capacity() const { return channel_bytes() * channels; }
};

// Timing in clock cycles of the command clock (tCK), the way JEDEC tables give the nCK minimum.
struct dram_timing {
    std::uint32_t CL = 0;      // read latency (RL for LPDDR4)
    std::uint32_t CWL = 0;     // write latency (WL)
    std::uint32_t tRCD = 0;
    std::uint32_t tRP = 0;     // per-bank precharge
    std::uint32_t tRPab = 0;   // precharge-all; equal to tRP for DDR4/HBM2
    std::uint32_t tRAS = 0;
    std::uint32_t tRC = 0;
    std::uint32_t tCCD_S = 0;
    std::uint32_t tCCD_L = 0;
    std::uint32_t tRRD_S = 0;
    std::uint32_t tRRD_L = 0;
    std::uint32_t tFAW = 0;
    std::uint32_t tWR = 0;
    std::uint32_t tWTR_S = 0;
    std::uint32_t tWTR_L = 0;
    std::uint32_t tRTP = 0;
    std::uint32_t tREFI = 0;
    std::uint32_t tRFC = 0;
    std::uint32_t tRTRS = 1;   // rank-to-rank data bus switch
    std::uint32_t cmd_cycles = 1;  // command bus cycles per ACT/RD/WR (LPDDR4 sends each as two 2-cycle parts)
};

// One supply rail and the datasheet currents (mA) drawn from it by one device.
struct power_rail {
    std::string name;
    double voltage = 0;   // V
    double idd0 = 0;      // one bank ACT-PRE cycling at tRC
    double idd2n = 0;     // precharged standby
    double idd3n = 0;     // active standby
    double idd4r = 0;     // burst read
    double idd4w = 0;     // burst write
    double idd5 = 0;      // all-bank refresh burst (IDD5B / IDD5AB)
};

struct dram_spec {
    std::string name;             // "ddr4-3200"
    std::string standard;         // "DDR4", "LPDDR4", "HBM2"
    std::uint64_t tck_ps = 0;     // clock period
    dram_organisation org;
    dram_timing timing;
    std::vector<power_rail> rails;

    std::uint32_t burst_cycles() const { return org.burst_length / 2; }  // double data rate
    double peak_gbps() const;  // all channels, GB/s (1e9 bytes)

    // Throws std::invalid_argument naming the first inconsistent value (non power of two, zero, tRC < tRAS...).
    void validate() const;
};

// The presets by name: "ddr4-3200", "ddr4-2400", "lpddr4-3200", "hbm2". Throws std::invalid_argument otherwise.
dram_spec preset(const std::string& name);
const std::vector<std::string>& preset_names();

} // namespace vplab::dram
