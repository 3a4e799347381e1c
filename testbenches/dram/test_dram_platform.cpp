// The DRAM platform end to end: parameters, synthetic traffic with data checks, traces and their errors.
#include "core/config/input_error.h"
#include "core/config/scenario.h"
#include "core/config/schema.h"
#include "core/config/values.h"
#include "dram/dram_platform.h"
#include "dram/dram_params.h"
#include "dram/trace_reader.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <sstream>

using namespace vplab;
using namespace vplab::platforms;

namespace {

struct scenario {
    config::schema schema;
    config::values values;
    scenario(std::initializer_list<std::pair<const char*, const char*>> settings) {
        config::add_common_params(schema);
        dram_platform().declare(schema);
        values = config::values(schema);
        int line = 1;
        for (const auto& [key, text] : settings) values.assign(key, text, config::location("test.yaml", line++, 3));
        values.assign("sim.quantum", "100ns", config::location("test.yaml", line, 3));
    }
    run_outcome run() {
        dram_platform().validate(values);
        run_context ctx{values, "test", "", 42, "", ""};
        return dram_platform().run(ctx);
    }
};

void check_outcome(const run_outcome& out, double min_efficiency) {
    INFO(out.message);
    CHECK(out.verified);
    CHECK_FALSE(out.firmware_error);
    for (const char* key : {"bandwidth_gbps", "peak_gbps", "efficiency", "avg_latency_ns", "p99_latency_ns",
                            "row_hit_rate", "energy_pj", "energy_background_pj", "energy_activate_pj",
                            "energy_read_pj", "energy_write_pj", "energy_refresh_pj", "pj_per_bit"})
        REQUIRE(out.metrics.contains(key));
    CHECK(out.metrics["efficiency"].get<double>() >= min_efficiency);
    CHECK(out.metrics["p99_latency_ns"].get<double>() >= out.metrics["avg_latency_ns"].get<double>() * 0.5);
    CHECK(out.stats.contains("dram"));
    CHECK(out.stats.contains("generator"));
}

const config::schema& dram_schema() {
    static const config::schema s = [] {
        config::schema x;
        config::add_common_params(x);
        dram_platform().declare(x);
        return x;
    }();
    return s;
}

config::scenario load(const std::string& path_or_text, bool is_text = false) {
    auto lookup = [](const std::string& p) { return p == "dram" ? &dram_schema() : nullptr; };
    auto names = [] { return std::vector<std::string>{"dram"}; };
    return is_text ? config::load_scenario_text(path_or_text, "<built-in>", {}, lookup, names)
                   : config::load_scenario_file(path_or_text, {}, lookup, names);
}

run_outcome run_variant(const config::scenario& sc, std::size_t i) {
    const config::values& v = sc.variants.at(i).params;
    dram_platform().validate(v);
    run_context ctx{v, sc.name, sc.variants[i].name, sc.seed, "", ""};
    return dram_platform().run(ctx);
}

} // namespace

TEST_CASE("dram platform: every scenario in scenarios/dram loads and validates", "[dram][platform]") {
    int files = 0;
    for (const auto& entry : std::filesystem::directory_iterator("scenarios/dram")) {
        if (entry.path().extension() != ".yaml") continue;
        INFO(entry.path().string());
        const config::scenario sc = load(entry.path().string());
        CHECK(sc.platform == "dram");
        for (const config::variant& v : sc.variants) CHECK_NOTHROW(dram_platform().validate(v.params));
        ++files;
    }
    CHECK(files >= 6);
}

TEST_CASE("dram platform: the default scenario runs and verifies", "[dram][platform]") {
    const run_outcome out = run_variant(load(dram_platform().default_scenario, true), 0);
    check_outcome(out, 0.9);
}

TEST_CASE("dram platform: trace.yaml finds its trace next to the scenario and verifies", "[dram][platform]") {
    const run_outcome out = run_variant(load("scenarios/dram/trace.yaml"), 0);
    check_outcome(out, 0.0);
}

TEST_CASE("dram platform: sequential AT stream reaches its peak share and verifies the data", "[dram][platform]") {
    scenario s({{"dram.preset", "ddr4-3200"},
                {"workload.bytes", "128KiB"},
                {"workload.outstanding", "32"},
                {"dram.command_log", "100"}});
    const run_outcome out = s.run();
    check_outcome(out, 0.9);
    REQUIRE(out.files.count("dram_commands.txt") == 1);
    const std::string& log = out.files.at("dram_commands.txt");
    CHECK(std::count(log.begin(), log.end(), '\n') == 101);
    CHECK_THAT(log, Catch::Contains(" ACT\n") && Catch::Contains(" RD\n"));
}

TEST_CASE("dram platform: mixed read/write traffic through b_transport reads back what it wrote", "[dram][platform]") {
    scenario s({{"dram.preset", "hbm2"},
                {"dram.face", "lt"},
                {"workload.pattern", "mixed"},
                {"workload.read_fraction", "0.6"},
                {"workload.bytes", "96KiB"},
                {"workload.span", "1MiB"},
                {"workload.outstanding", "64"}});
    const run_outcome out = s.run();
    check_outcome(out, 0.0);
    CHECK(out.metrics["energy_write_pj"].get<double>() > 0);
}

TEST_CASE("dram platform: random closed-page FCFS traffic on LPDDR4 verifies", "[dram][platform]") {
    scenario s({{"dram.preset", "lpddr4-3200"},
                {"dram.scheduler", "fcfs"},
                {"dram.page_policy", "closed"},
                {"dram.timing.tRCD", "30"},
                {"dram.power.vdd2.idd4r", "300"},
                {"dram.banks_per_group", "4"},
                {"workload.pattern", "random"},
                {"workload.read_fraction", "0.5"},
                {"workload.bytes", "32KiB"},
                {"workload.request_bytes", "128"}});
    const run_outcome out = s.run();
    check_outcome(out, 0.0);
    CHECK(out.metrics["row_hit_rate"].get<double>() < 0.5);
}

TEST_CASE("dram platform: a malformed trace line is reported with its line number", "[dram][platform]") {
    std::istringstream in("# time_ns op address bytes\n0 R 0x0 64\n\n10 X 0x40 64\n20 W 0x80\n30 W 0x1000000000 64\n");
    try {
        dram_traffic::parse_trace(in, "bad.trace", 1ull << 30);
        FAIL("no error");
    } catch (const config::input_error& e) {
        REQUIRE(e.problems().size() == 3);
        CHECK(e.problems()[0].where.line == 4);
        CHECK(e.problems()[0].where.column == 4);
        CHECK_THAT(e.problems()[0].str(), Catch::Contains("bad.trace:4:4") && Catch::Contains("expected R or W"));
        CHECK(e.problems()[1].where.line == 5);
        CHECK_THAT(e.problems()[1].message, Catch::Contains("got 3 fields"));
        CHECK(e.problems()[2].where.line == 6);
        CHECK_THAT(e.problems()[2].message, Catch::Contains("outside the memory"));
    }
    std::istringstream backwards("10 R 0 64\n5 R 64 64\n");
    CHECK_THROWS_WITH(dram_traffic::parse_trace(backwards, "t", 1 << 20), Catch::Contains("t:2:1") &&
                                                                              Catch::Contains("backwards"));
    CHECK_THROWS_WITH(dram_traffic::check_trace("no/such.trace", 1 << 20), Catch::Contains("cannot open"));
    std::istringstream one_by_one("0 R 0 64\n# comment\n5 W 0x40 8\n6 Q 0 1\n");
    dram_traffic::trace_reader reader(one_by_one, "s", 1 << 20);
    dram_traffic::traffic_request r;
    REQUIRE(reader.next(r));
    CHECK_FALSE(r.write);
    REQUIRE(reader.next(r));
    CHECK(r.write);
    CHECK(r.address == 0x40);
    CHECK(r.bytes == 8);
    CHECK(r.time_ps == 5000);
    CHECK_THROWS_WITH(reader.next(r), Catch::Contains("s:4:3"));
}

TEST_CASE("dram platform: bad parameters name their key", "[dram][platform]") {
    scenario bad_mapping({{"dram.mapping", "ro_ba_co"}});
    CHECK_THROWS_WITH(dram_platform().validate(bad_mapping.values),
                      Catch::Contains("test.yaml:1:3") && Catch::Contains("dram.mapping"));
    scenario bad_timing({{"dram.preset", "ddr4-2400"}, {"dram.timing.tRC", "10"}});
    CHECK_THROWS_WITH(dram_platform().validate(bad_timing.values),
                      Catch::Contains("dram.timing.tRC") && Catch::Contains("tRC must be at least tRAS"));
    scenario too_big({{"workload.bytes", "8GiB"}});
    CHECK_THROWS_WITH(dram_platform().validate(too_big.values), Catch::Contains("workload.bytes"));
    // 100 bytes fit before the end of the 4 GiB memory, but the two 64-byte requests that move them do not.
    scenario last_request_past_end({{"workload.pattern", "sequential"}, {"workload.offset", "4294967196"},
                                    {"workload.bytes", "100B"}, {"workload.request_bytes", "64B"}});
    CHECK_THROWS_WITH(dram_platform().validate(last_request_past_end.values),
                      Catch::Contains("workload.bytes") && Catch::Contains("whole requests"));
    scenario no_rail({{"dram.preset", "hbm2"}, {"dram.power.vpp.idd0", "3"}});
    CHECK_THROWS_WITH(dram_platform().validate(no_rail.values),
                      Catch::Contains("dram.power.vpp.idd0") && Catch::Contains("hbm2 has no VPP rail"));
    scenario bad_org({{"dram.rows", "1000"}});
    CHECK_THROWS_WITH(dram_platform().validate(bad_org.values),
                      Catch::Contains("dram.rows") && Catch::Contains("powers of two"));
    scenario missing_trace({{"workload.pattern", "trace"}, {"workload.trace", "no/such/file.trace"}});
    CHECK_THROWS_WITH(dram_platform().validate(missing_trace.values), Catch::Contains("cannot open the trace file"));
    scenario no_trace({{"workload.pattern", "trace"}});
    CHECK_THROWS_WITH(dram_platform().validate(no_trace.values), Catch::Contains("needs workload.trace"));
}
