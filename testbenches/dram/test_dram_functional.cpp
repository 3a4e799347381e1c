// Functional behaviour: data integrity through both faces, errors, DMI and debug access; presets and mapping.
#include "at_initiator.h"
#include "dram_test_util.h"
#include "lt_initiator.h"

#include <catch2/catch.hpp>

#include <memory>
#include <random>

using namespace vplab::dram;
using namespace vplab::dram::test;
using sc_core::sc_time;
using sc_core::SC_NS;
using sc_core::SC_US;

TEST_CASE("dram: presets are consistent and give their peak bandwidth", "[dram][spec]") {
    CHECK(preset("ddr4-3200").peak_gbps() == Approx(25.6));
    CHECK(preset("ddr4-2400").peak_gbps() == Approx(19.2).epsilon(0.002));
    CHECK(preset("lpddr4-3200").peak_gbps() == Approx(6.4));
    CHECK(preset("hbm2").peak_gbps() == Approx(256.0));
    CHECK(preset("hbm2").org.capacity() == (std::uint64_t(4) << 30));
    CHECK(preset("ddr4-3200").org.capacity() == (std::uint64_t(4) << 30));  // 4 x 8 Gb
    CHECK(preset("lpddr4-3200").org.burst_bytes() == 32);
    for (const std::string& p : preset_names()) {
        const dram_spec s = preset(p);
        INFO(p);
        CHECK_NOTHROW(s.validate());
        CHECK(s.timing.tRC >= s.timing.tRAS + s.timing.tRP);
    }
    CHECK_THROWS_WITH(preset("ddr5"), Catch::Contains("unknown DRAM preset"));
    dram_spec bad = preset("ddr4-3200");
    bad.org.rows = 1000;
    CHECK_THROWS_WITH(bad.validate(), Catch::Contains("powers of two"));
    // 2^24 rows x 2^16 columns x 128 bytes x 1024 banks x 16 ranks x 64 channels would wrap a 64-bit capacity.
    dram_spec huge = preset("ddr4-3200");
    huge.org = {64, 16, 16, 64, 16777216, 65536, 1024, 1024, 8};
    CHECK_THROWS_WITH(huge.validate(), Catch::Contains("2^67 bytes"));
}

TEST_CASE("dram: address mapper orders fields as configured and round-trips", "[dram][mapping]") {
    const dram_organisation org = preset("ddr4-3200").org;
    address_mapper def(org, "row_column_bankgroup");
    // Consecutive 64-byte bursts alternate bank groups, then walk the columns.
    CHECK(def.decode(0).bank_group == 0);
    CHECK(def.decode(64).bank_group == 1);
    CHECK(def.decode(128).bank_group == 0);
    CHECK(def.decode(128).column == 1);
    address_mapper linear(org, "row_bank_column");
    CHECK(linear.decode(64).column == 1);
    CHECK(linear.decode(org.row_bytes()).bank == 1);
    address_mapper inter(org, "bank_interleaved");
    CHECK(inter.decode(64).bank_group == 1);
    CHECK(inter.decode(128).bank == 1);
    address_mapper custom(org, "ra_bg_ba_ro_co_ch");
    CHECK(custom.decode(org.row_bytes()).row == 1);
    std::mt19937_64 rng(1);
    for (int i = 0; i < 1000; ++i) {
        const std::uint64_t a = (rng() % (def.capacity() / 64)) * 64;
        REQUIRE(def.encode(def.decode(a)) == a);
        REQUIRE(custom.encode(custom.decode(a)) == a);
    }
    CHECK(def.capacity() == org.capacity());
    CHECK_THROWS_WITH(address_mapper(org, "ro_ra_ba_co_bg"), Catch::Contains("needs each of"));
    CHECK_THROWS_WITH(address_mapper(org, "ro_ra_ba_co_bg_xx"), Catch::Contains("unknown field 'xx'"));
    CHECK_THROWS_WITH(address_mapper(org, "ro_ro_ba_co_bg_ch"), Catch::Contains("twice"));
}

namespace {

std::vector<unsigned char> pattern(std::uint64_t seed, std::size_t n) {
    std::mt19937_64 rng(seed);
    std::vector<unsigned char> v(n);
    for (auto& b : v) b = static_cast<unsigned char>(rng());
    return v;
}

} // namespace

TEST_CASE("dram: data written through one face is read back intact through the other", "[dram][functional]") {
    dram_memory mem("mem", config_for("hbm2"));  // 4 GiB, sparse
    at_initiator cpu("cpu");
    cpu.socket.bind(mem.socket);

    std::mt19937_64 rng(5);
    struct block {
        std::uint64_t address;
        unsigned bytes;
    };
    // Disjoint blocks, unaligned and of any size, spread over the whole space.
    std::vector<block> blocks;
    const std::uint64_t slice = mem.size() / 128;
    for (std::uint64_t i = 0; i < 128; ++i) {
        const unsigned bytes = 1u + unsigned(rng() % 300);
        blocks.push_back({i * slice + rng() % (slice - bytes), bytes});
    }
    const std::size_t half = blocks.size() / 2;
    // b_transport writes the first half; AT reads it back and writes the second half; b_transport reads that back.
    cpu.before = [&](at_initiator& self) {
        for (std::size_t i = 0; i < half; ++i) {
            auto data = pattern(i, blocks[i].bytes);
            REQUIRE(self.b_access(true, blocks[i].address, data.data(), blocks[i].bytes) == tlm::TLM_OK_RESPONSE);
        }
    };
    for (std::size_t i = 0; i < blocks.size(); ++i) {
        at_request r;
        r.address = blocks[i].address;
        r.bytes = blocks[i].bytes;
        r.write = i >= half;
        if (r.write) r.data = pattern(i, r.bytes);
        cpu.requests.push_back(r);
    }
    bool lt_ok = true;
    cpu.after = [&](at_initiator& self) {
        for (std::size_t i = half; i < blocks.size(); ++i) {
            std::vector<unsigned char> back(blocks[i].bytes);
            const auto st = self.b_access(false, blocks[i].address, back.data(), blocks[i].bytes);
            lt_ok = lt_ok && st == tlm::TLM_OK_RESPONSE;
            lt_ok = lt_ok && back == pattern(i, blocks[i].bytes);
        }
        std::vector<unsigned char> untouched(256, 0xff);
        self.b_access(false, mem.size() - 256, untouched.data(), 256);
        for (unsigned char z : untouched) lt_ok = lt_ok && z == 0;
    };
    sc_core::sc_start();
    REQUIRE(cpu.all_done());
    CHECK(cpu.errors.empty());
    CHECK(lt_ok);
    for (std::size_t i = 0; i < half; ++i) {
        const at_request& r = cpu.requests[i];
        REQUIRE(r.status == tlm::TLM_OK_RESPONSE);
        REQUIRE(r.data == pattern(i, blocks[i].bytes));
    }
}

TEST_CASE("dram: out-of-range accesses answer an address error and write nothing", "[dram][functional]") {
    dram_memory mem("mem", config_for("ddr4-3200"));
    dram_memory mem_at("mem_at", config_for("lpddr4-3200"));
    lt_initiator lt("lt");
    at_initiator at("at");
    lt.socket.bind(mem.socket);
    at.socket.bind(mem_at.socket);
    std::vector<tlm::tlm_response_status> lt_status;
    lt.body = [&](lt_initiator& cpu) {
        std::vector<unsigned char> data(64, 0xab);
        tlm::tlm_response_status st;
        cpu.access(true, mem.size(), data.data(), 64, sc_core::SC_ZERO_TIME, &st);
        lt_status.push_back(st);
        cpu.access(true, mem.size() - 32, data.data(), 64, sc_core::SC_ZERO_TIME, &st);
        lt_status.push_back(st);
        cpu.access(false, ~std::uint64_t(0) - 8, data.data(), 64, sc_core::SC_ZERO_TIME, &st);
        lt_status.push_back(st);
        cpu.access(true, mem.size() - 64, data.data(), 64, sc_core::SC_ZERO_TIME, &st);  // the last valid burst
        lt_status.push_back(st);
    };
    for (std::uint64_t a : {mem_at.size(), mem_at.size() - 16}) {
        at_request r;
        r.address = a;
        r.bytes = 64;
        r.write = true;
        r.data.assign(64, 0xcd);
        at.requests.push_back(r);
    }
    sc_core::sc_start();
    REQUIRE(lt_status.size() == 4);
    CHECK(lt_status[0] == tlm::TLM_ADDRESS_ERROR_RESPONSE);
    CHECK(lt_status[1] == tlm::TLM_ADDRESS_ERROR_RESPONSE);
    CHECK(lt_status[2] == tlm::TLM_ADDRESS_ERROR_RESPONSE);
    CHECK(lt_status[3] == tlm::TLM_OK_RESPONSE);
    REQUIRE(at.all_done());
    CHECK(at.errors.empty());
    for (const at_request& r : at.requests) {
        CHECK(r.status == tlm::TLM_ADDRESS_ERROR_RESPONSE);
        CHECK(r.phases == "BEGIN_REQ END_REQ BEGIN_RESP END_RESP");
    }
    // Nothing landed below the end of either memory.
    tlm::tlm_generic_payload p;
    std::vector<unsigned char> back(32, 0x11);
    p.set_command(tlm::TLM_READ_COMMAND);
    p.set_address(mem_at.size() - 32);
    p.set_data_ptr(back.data());
    p.set_data_length(32);
    CHECK(mem_at.socket.get_base_export()->transport_dbg(p) == 32);
    for (unsigned char b : back) CHECK(b == 0);
    CHECK(mem.summary().writes == 1);
}

TEST_CASE("dram: DMI grants one storage page and debug transport reaches the whole space", "[dram][functional]") {
    dram_memory mem("mem", config_for("hbm2"));
    tlm::tlm_generic_payload p;
    tlm::tlm_dmi dmi;
    p.set_address(0x12345678);
    p.set_command(tlm::TLM_READ_COMMAND);
    REQUIRE(mem.socket.get_base_export()->get_direct_mem_ptr(p, dmi));
    CHECK(dmi.get_start_address() <= 0x12345678);
    CHECK(dmi.get_end_address() >= 0x12345678);
    CHECK(dmi.get_end_address() - dmi.get_start_address() + 1 == sparse_storage::page_bytes);
    CHECK(dmi.is_read_write_allowed());
    dmi.get_dmi_ptr()[0x12345678 - dmi.get_start_address()] = 0x5a;

    std::vector<unsigned char> buf(8, 0);
    p.set_address(0x12345678);
    p.set_data_ptr(buf.data());
    p.set_data_length(8);
    CHECK(mem.socket.get_base_export()->transport_dbg(p) == 8);
    CHECK(buf[0] == 0x5a);

    std::vector<unsigned char> big(200000);
    for (std::size_t i = 0; i < big.size(); ++i) big[i] = static_cast<unsigned char>(i * 7);
    p.set_command(tlm::TLM_WRITE_COMMAND);
    p.set_address(mem.size() - big.size());
    p.set_data_ptr(big.data());
    p.set_data_length(unsigned(big.size()));
    CHECK(mem.socket.get_base_export()->transport_dbg(p) == big.size());
    std::vector<unsigned char> back(big.size());
    p.set_command(tlm::TLM_READ_COMMAND);
    p.set_data_ptr(back.data());
    CHECK(mem.socket.get_base_export()->transport_dbg(p) == big.size());
    CHECK(back == big);

    p.set_address(mem.size());
    CHECK_FALSE(mem.socket.get_base_export()->get_direct_mem_ptr(p, dmi));
    CHECK(mem.socket.get_base_export()->transport_dbg(p) == 0);
}

TEST_CASE("dram: DMI of a memory smaller than a storage page ends with the memory", "[dram][functional]") {
    dram_config cfg = config_for("ddr4-3200");
    cfg.spec.org.rows = 1;
    cfg.spec.org.columns = 64;
    dram_memory mem("small", cfg);
    REQUIRE(mem.size() < sparse_storage::page_bytes);
    tlm::tlm_generic_payload p;
    tlm::tlm_dmi dmi;
    p.set_address(16);
    p.set_command(tlm::TLM_READ_COMMAND);
    REQUIRE(mem.socket.get_base_export()->get_direct_mem_ptr(p, dmi));
    CHECK(dmi.get_start_address() == 0);
    CHECK(dmi.get_end_address() == mem.size() - 1);
}

TEST_CASE("dram: energy components follow the IDD formulas", "[dram][energy]") {
    dram_memory mem("mem", config_for("ddr4-3200", false));
    lt_initiator lt("lt");
    lt.socket.bind(mem.socket);
    lt.body = [&](lt_initiator& cpu) { cpu.stream(sequential(0, 64 * 1024, 64), 64, 16); };
    sc_core::sc_start();
    mem.finish();
    const dram_summary s = mem.summary();
    const dram_spec& spec = mem.spec();
    const double tck = double(spec.tck_ps) * 1e-3;
    const double devices = spec.org.devices_per_rank();
    double read = 0, act = 0, bg_min = 0, bg_max = 0;
    for (const power_rail& r : spec.rails) {
        read += r.voltage * (r.idd4r - r.idd3n) * spec.burst_cycles() * tck * devices;
        act += r.voltage * (r.idd0 - r.idd3n) * spec.timing.tRAS * tck * devices;
        bg_min += r.voltage * r.idd2n * devices;
        bg_max += r.voltage * r.idd3n * devices;
    }
    CHECK(s.energy.read == Approx(read * double(s.read_bursts)));
    CHECK(s.energy.activate == Approx(act * double(s.activates)));
    CHECK(s.energy.write == 0);
    CHECK(s.energy.refresh == 0);
    const double elapsed = s.end_ns;
    CHECK(s.energy.background >= bg_min * elapsed * 0.99);
    CHECK(s.energy.background <= bg_max * elapsed * 1.01);
    // A streaming DDR4 read costs some tens of pJ per bit at most, not nJ and not fractions of a pJ.
    CHECK(s.pj_per_bit > 1.0);
    CHECK(s.pj_per_bit < 100.0);
}
