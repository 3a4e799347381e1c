#include "dram/dram_spec.h"

#include <stdexcept>

namespace vplab::dram {

namespace {

bool is_pow2(std::uint64_t v) { return v != 0 && (v & (v - 1)) == 0; }

// DDR4 x16 8 Gb die (2 KB page), one 64-bit channel of four devices, one rank.
// Timing: JESD79-4B speed-bin and AC tables; nCK values are ceil(ns / tCK) with the nCK floors of the table.
dram_spec ddr4_3200() {
    dram_spec s;
    s.name = "ddr4-3200";
    s.standard = "DDR4";
    s.tck_ps = 625;                 // 3200 MT/s
    s.org.channels = 1;
    s.org.ranks = 1;
    s.org.bank_groups = 2;          // x16: 2 bank groups of 4 banks (JESD79-4 2.7)
    s.org.banks_per_group = 4;
    s.org.rows = 65536;             // 8 Gb x16: A0-A15
    s.org.columns = 1024;
    s.org.device_width = 16;
    s.org.bus_width = 64;
    s.org.burst_length = 8;
    auto& t = s.timing;
    t.CL = 22;       // DDR4-3200AA 22-22-22
    t.CWL = 16;      // CWL set 1 (1 tCK write preamble)
    t.tRCD = 22;     // 13.75 ns
    t.tRP = 22;      // 13.75 ns
    t.tRPab = 22;
    t.tRAS = 52;     // 32 ns
    t.tRC = 74;      // tRAS + tRP = 45.75 ns
    t.tCCD_S = 4;    // 4 nCK
    t.tCCD_L = 8;    // max(5 nCK, 5 ns)
    t.tRRD_S = 9;    // x16 (2 KB page): max(4 nCK, 5.3 ns)
    t.tRRD_L = 11;   // x16: max(4 nCK, 6.4 ns)
    t.tFAW = 48;     // x16 (2 KB page): 30 ns
    t.tWR = 24;      // 15 ns
    t.tWTR_S = 4;    // max(2 nCK, 2.5 ns)
    t.tWTR_L = 12;   // max(4 nCK, 7.5 ns)
    t.tRTP = 12;     // max(4 nCK, 7.5 ns)
    t.tREFI = 12480; // 7.8 us (0-85 C)
    t.tRFC = 560;    // tRFC1 8 Gb = 350 ns
    t.tRTRS = 1;
    // Micron 8 Gb x16 DDR4 IDD figures as also used by the DRAMsim3 DDR4_8Gb_x16_3200 configuration (mA).
    // Only IPP0 is given for VPP; the other VPP currents are taken as zero (assumption).
    s.rails = {{"VDD", 1.2, 95, 37, 56, 302, 278, 280}, {"VPP", 2.5, 4.0, 0, 0, 0, 0, 0}};
    return s;
}

dram_spec ddr4_2400() {
    dram_spec s = ddr4_3200();
    s.name = "ddr4-2400";
    s.tck_ps = 833;  // 2400 MT/s (0.8333 ns)
    auto& t = s.timing;
    t.CL = 17;       // DDR4-2400T 17-17-17
    t.CWL = 12;      // CWL set 1
    t.tRCD = 17;     // 14.16 ns
    t.tRP = 17;
    t.tRPab = 17;
    t.tRAS = 39;     // 32 ns
    t.tRC = 56;      // tRAS + tRP
    t.tCCD_S = 4;
    t.tCCD_L = 6;    // max(5 nCK, 5 ns)
    t.tRRD_S = 7;    // x16: max(4 nCK, 5.3 ns)
    t.tRRD_L = 8;    // x16: max(4 nCK, 6.4 ns)
    t.tFAW = 36;     // x16: 30 ns
    t.tWR = 18;      // 15 ns
    t.tWTR_S = 3;    // 2.5 ns
    t.tWTR_L = 9;    // 7.5 ns
    t.tRTP = 9;      // 7.5 ns
    t.tREFI = 9360;  // 7.8 us
    t.tRFC = 420;    // 350 ns
    s.rails = {{"VDD", 1.2, 80, 34, 47, 243, 228, 280}, {"VPP", 2.5, 4.0, 0, 0, 0, 0, 0}};
    return s;
}

// LPDDR4 x16 channel, 8 Gb per channel, BL16. Timing: JESD209-4B AC tables at 1600 MHz.
dram_spec lpddr4_3200() {
    dram_spec s;
    s.name = "lpddr4-3200";
    s.standard = "LPDDR4";
    s.tck_ps = 625;
    s.org.channels = 1;
    s.org.ranks = 1;
    s.org.bank_groups = 1;
    s.org.banks_per_group = 8;
    s.org.rows = 65536;
    s.org.columns = 1024;
    s.org.device_width = 16;
    s.org.bus_width = 16;
    s.org.burst_length = 16;
    auto& t = s.timing;
    t.CL = 28;       // RL, DBI off
    t.CWL = 14;      // WL set A
    t.tRCD = 29;     // max(18 ns, 4 nCK)
    t.tRP = 29;      // tRPpb: max(18 ns, 4 nCK)
    t.tRPab = 34;    // max(21 ns, 4 nCK)
    t.tRAS = 68;     // max(42 ns, 3 nCK)
    t.tRC = 97;      // tRAS + tRPpb
    t.tCCD_S = 8;    // BL16 / 2; no bank groups
    t.tCCD_L = 8;
    t.tRRD_S = 16;   // max(10 ns, 4 nCK)
    t.tRRD_L = 16;
    t.tFAW = 64;     // 40 ns
    t.tWR = 29;      // max(18 ns, 6 nCK)
    t.tWTR_S = 16;   // max(10 ns, 8 nCK)
    t.tWTR_L = 16;
    t.tRTP = 12;     // max(7.5 ns, 8 nCK)
    t.tREFI = 6246;  // 3.904 us
    t.tRFC = 448;    // tRFCab, 8 Gb per channel: 280 ns
    t.tRTRS = 1;
    t.cmd_cycles = 4;  // ACT-1/ACT-2 and RD-1/CAS-2 are two 2-cycle commands each
    // Currents from the JEDEC 8 Gb LPDDR4-3200 x16 memspec of DRAMSys (mA); VDDQ (I/O) is not modelled.
    s.rails = {{"VDD1", 1.8, 3.5, 2.0, 2.25, 2.25, 2.25, 10.0}, {"VDD2", 1.1, 45, 27, 30, 275, 210, 90}};
    return s;
}

// HBM2 stack in legacy mode: 8 channels x 128 bit, BL4, 2 Gb/s per pin (tCK 1 ns), 4-high 8 Gb dies.
// Timing: JESD235A where it gives ns values, otherwise the DRAMsim3 HBM2 configuration (assumption, docs/dram.md).
dram_spec hbm2() {
    dram_spec s;
    s.name = "hbm2";
    s.standard = "HBM2";
    s.tck_ps = 1000;
    s.org.channels = 8;
    s.org.ranks = 1;
    s.org.bank_groups = 4;
    s.org.banks_per_group = 4;
    s.org.rows = 32768;
    s.org.columns = 64;        // 1 KB row per channel
    s.org.device_width = 128;
    s.org.bus_width = 128;
    s.org.burst_length = 4;
    auto& t = s.timing;
    t.CL = 14;
    t.CWL = 4;
    t.tRCD = 14;
    t.tRP = 14;
    t.tRPab = 14;
    t.tRAS = 34;
    t.tRC = 48;      // tRAS + tRP
    t.tCCD_S = 2;    // one BL4 burst
    t.tCCD_L = 3;
    t.tRRD_S = 4;
    t.tRRD_L = 6;
    t.tFAW = 16;
    t.tWR = 16;
    t.tWTR_S = 6;
    t.tWTR_L = 8;
    t.tRTP = 4;
    t.tREFI = 3900;  // 3.9 us
    t.tRFC = 260;    // 260 ns
    t.tRTRS = 1;
    // No public JEDEC IDD table for HBM2: per-channel currents of the DRAMsim3 HBM2 configuration (assumption).
    s.rails = {{"VDD", 1.2, 65, 40, 55, 390, 500, 250}};
    return s;
}

} // namespace

double dram_spec::peak_gbps() const {
    // bytes per beat * 2 beats per clock / tCK
    return double(org.bus_width / 8) * 2.0 * double(org.channels) / (double(tck_ps) * 1e-3);
}

void dram_spec::validate() const {
    auto fail = [&](const std::string& what) { throw std::invalid_argument(name + ": " + what); };
    if (tck_ps == 0) fail("tCK must be positive");
    const auto& o = org;
    if (!is_pow2(o.channels) || !is_pow2(o.ranks) || !is_pow2(o.bank_groups) || !is_pow2(o.banks_per_group) ||
        !is_pow2(o.rows) || !is_pow2(o.columns))
        fail("channels, ranks, bank groups, banks, rows and columns must be powers of two");
    if (!is_pow2(o.bus_width) || o.bus_width < 8 || !is_pow2(o.device_width) || o.device_width > o.bus_width)
        fail("bus and device widths must be powers of two with device width <= bus width");
    if (!is_pow2(o.burst_length) || o.burst_length < 2 || o.burst_length > o.columns)
        fail("burst length must be a power of two between 2 and the column count");
    // Every factor is a power of two: the capacity's bits add up. Addresses are 64-bit; 2^48 bytes leaves room.
    const int capacity_bits = __builtin_ctz(o.columns) + __builtin_ctz(o.bus_width / 8) + __builtin_ctz(o.rows) +
                              __builtin_ctz(o.bank_groups) + __builtin_ctz(o.banks_per_group) + __builtin_ctz(o.ranks) +
                              __builtin_ctz(o.channels);
    if (capacity_bits > 48)
        fail("the organisation holds 2^" + std::to_string(capacity_bits) + " bytes; at most 2^48 (256 TiB) is supported");
    const auto& t = timing;
    if (t.CL == 0 || t.CWL == 0 || t.tRCD == 0 || t.tRP == 0 || t.tRAS == 0 || t.tCCD_S == 0 || t.cmd_cycles == 0)
        fail("CL, CWL, tRCD, tRP, tRAS, tCCD_S and cmd_cycles must be positive");
    if (t.tRC < t.tRAS) fail("tRC must be at least tRAS");
    if (t.tCCD_L < t.tCCD_S || t.tRRD_L < t.tRRD_S) fail("the _L timings must be at least the _S timings");
    if (t.tREFI != 0 && t.tRFC >= t.tREFI) fail("tRFC must be shorter than tREFI");
    if (rails.empty()) fail("at least one power rail is needed");
}

dram_spec preset(const std::string& name) {
    if (name == "ddr4-3200") return ddr4_3200();
    if (name == "ddr4-2400") return ddr4_2400();
    if (name == "lpddr4-3200") return lpddr4_3200();
    if (name == "hbm2") return hbm2();
    throw std::invalid_argument("unknown DRAM preset '" + name + "' (ddr4-3200, ddr4-2400, lpddr4-3200, hbm2)");
}

const std::vector<std::string>& preset_names() {
    static const std::vector<std::string> names = {"ddr4-3200", "ddr4-2400", "lpddr4-3200", "hbm2"};
    return names;
}

} // namespace vplab::dram
