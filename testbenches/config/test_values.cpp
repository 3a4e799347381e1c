// Typed values: every kind accepts what a user would write and rejects the rest with location and key path.
#include "test_support.h"

#include <catch2/catch.hpp>

using namespace vplab::config;

namespace {

const location here{"f.yaml", 3, 5};

// The message of assigning `text` to `path` of the demo schema, or "" when it is accepted.
std::string rejection(const std::string& path, const std::string& text, const schema& s = test::demo_schema()) {
    values v(s);
    try {
        v.assign(path, text, here);
    } catch (const input_error& e) {
        return e.what();
    }
    return {};
}

values assigned(const std::string& path, const std::string& text) {
    values v(test::demo_schema());
    v.assign(path, text, here);
    return v;
}

// Integers without a range, to reach the 64-bit limits.
const schema& wide_schema() {
    static const schema s = schema().integer("i", 0, "signed").unsigned_("u", 0, "unsigned").real("r", 0, "real");
    return s;
}

} // namespace

TEST_CASE("config: boolean accepts true and false only", "[values]") {
    CHECK(assigned("demo.dma.enabled", "false").boolean("demo.dma.enabled") == false);
    CHECK(assigned("demo.dma.enabled", "true").boolean("demo.dma.enabled") == true);
    CHECK(assigned("demo.dma.enabled", "FALSE").boolean("demo.dma.enabled") == false);
    CHECK(rejection("demo.dma.enabled", "yes") ==
          "f.yaml:3:5: error: demo.dma.enabled: expected true or false, got 'yes'");
    CHECK(rejection("demo.dma.enabled", "1") == "f.yaml:3:5: error: demo.dma.enabled: expected true or false, got '1'");
}

TEST_CASE("config: integer is a whole signed number", "[values]") {
    CHECK(assigned("demo.offset", "-7").integer("demo.offset") == -7);
    CHECK(assigned("demo.offset", "+42").integer("demo.offset") == 42);
    CHECK(assigned("demo.offset", "0x10").integer("demo.offset") == 16);
    CHECK(rejection("demo.offset", "1.5") ==
          "f.yaml:3:5: error: demo.offset: expected a whole number such as 42 or -7, got '1.5'");
    CHECK(rejection("demo.offset", "1e3") ==
          "f.yaml:3:5: error: demo.offset: expected a whole number such as 42 or -7, got '1e3'");
    CHECK(rejection("demo.offset", "") ==
          "f.yaml:3:5: error: demo.offset: expected a whole number such as 42 or -7, got ''");
    CHECK(rejection("i", "-9223372036854775808", wide_schema()).empty());
    CHECK(rejection("i", "9223372036854775807", wide_schema()).empty());
    CHECK(rejection("i", "9223372036854775808", wide_schema()) ==
          "f.yaml:3:5: error: i: '9223372036854775808' does not fit in a signed 64-bit integer");
    CHECK(rejection("i", "99999999999999999999999", wide_schema()) ==
          "f.yaml:3:5: error: i: '99999999999999999999999' does not fit in a signed 64-bit integer");
}

TEST_CASE("config: unsigned is a whole number that is not negative", "[values]") {
    CHECK(assigned("demo.dma.burst_bytes", "128").unsigned_("demo.dma.burst_bytes") == 128);
    CHECK(assigned("demo.dma.burst_bytes", "0x40").unsigned_("demo.dma.burst_bytes") == 64);
    CHECK(rejection("demo.dma.burst_bytes", "-3") ==
          "f.yaml:3:5: error: demo.dma.burst_bytes: must not be negative, got '-3'");
    CHECK(rejection("demo.dma.burst_bytes", "64.5") ==
          "f.yaml:3:5: error: demo.dma.burst_bytes: expected a whole number such as 64 (not negative), got '64.5'");
    CHECK(rejection("u", "18446744073709551615", wide_schema()).empty());
    CHECK(rejection("u", "18446744073709551616", wide_schema()) ==
          "f.yaml:3:5: error: u: '18446744073709551616' does not fit in an unsigned 64-bit integer");
}

TEST_CASE("config: real is a finite decimal or scientific number", "[values]") {
    CHECK(assigned("demo.gain", "0.5").real("demo.gain") == 0.5);
    CHECK(assigned("demo.gain", "-2").real("demo.gain") == -2.0);
    CHECK(assigned("demo.gain", "1e-3").real("demo.gain") == 0.001);
    CHECK(assigned("demo.gain", ".25").real("demo.gain") == 0.25);
    CHECK(rejection("demo.gain", ".inf") ==
          "f.yaml:3:5: error: demo.gain: expected a number such as 0.5, 3 or 1e-3, got '.inf'");
    CHECK(rejection("demo.gain", "nan") ==
          "f.yaml:3:5: error: demo.gain: expected a number such as 0.5, 3 or 1e-3, got 'nan'");
    CHECK(rejection("demo.gain", "0x1p3") ==
          "f.yaml:3:5: error: demo.gain: expected a number such as 0.5, 3 or 1e-3, got '0x1p3'");
    CHECK(rejection("r", "1e400", wide_schema()) == "f.yaml:3:5: error: r: '1e400' is too large for a real number");
}

TEST_CASE("config: string keeps the text verbatim", "[values]") {
    CHECK(assigned("workload.label", "  spaced  ").string("workload.label") == "  spaced  ");
    CHECK(assigned("workload.label", "").string("workload.label").empty());
    CHECK(assigned("workload.label", "123").string("workload.label") == "123");
}

TEST_CASE("config: choice is one of its choices with a near miss suggested", "[values]") {
    CHECK(assigned("demo.dma.mode", "exact").string("demo.dma.mode") == "exact");
    CHECK(rejection("demo.dma.mode", "fsat") ==
          "f.yaml:3:5: error: demo.dma.mode: expected one of fast, exact, got 'fsat' (did you mean 'fast'?)");
    CHECK(rejection("demo.dma.mode", "Fast") ==
          "f.yaml:3:5: error: demo.dma.mode: expected one of fast, exact, got 'Fast' (did you mean 'fast'?)");
    CHECK(rejection("demo.dma.mode", "approximate") ==
          "f.yaml:3:5: error: demo.dma.mode: expected one of fast, exact, got 'approximate'");
}

TEST_CASE("config: time is a number with a unit stored in picoseconds", "[values]") {
    CHECK(assigned("demo.clock_period", "100ns").time_ps("demo.clock_period") == 100000);
    CHECK(assigned("demo.clock_period", "1.5 ns").time_ps("demo.clock_period") == 1500);
    CHECK(assigned("demo.clock_period", "250ps").time_ps("demo.clock_period") == 250);
    CHECK(assigned("demo.clock_period", "0.5us").time_ps("demo.clock_period") == 500000);
    CHECK(assigned("sim.time_limit", "2ms").time_ps("sim.time_limit") == 2000000000ULL);
    CHECK(assigned("sim.time_limit", "3s").time_ps("sim.time_limit") == 3000000000000ULL);
    CHECK(assigned("sim.time_limit", "3.000s").time_ps("sim.time_limit") == 3000000000000ULL);
    CHECK(rejection("sim.quantum", "fast") == "f.yaml:3:5: error: sim.quantum: expected a time such as 100ns or 1us "
                                              "(units s, ms, us, ns, ps), got 'fast'");
    CHECK(rejection("sim.quantum", "100") ==
          "f.yaml:3:5: error: sim.quantum: missing unit in '100': write e.g. 100ns (units s, ms, us, ns, ps)");
    CHECK(rejection("sim.quantum", "1.5ps") ==
          "f.yaml:3:5: error: sim.quantum: '1.5ps' is not a whole number of picoseconds");
    CHECK(rejection("sim.quantum", "-5ns") == "f.yaml:3:5: error: sim.quantum: must not be negative, got '-5ns'");
    CHECK(rejection("sim.quantum", "5 sec") ==
          "f.yaml:3:5: error: sim.quantum: unknown unit 'sec' in '5 sec' (units s, ms, us, ns, ps)");
    CHECK(rejection("sim.quantum", "20000000s") ==
          "f.yaml:3:5: error: sim.quantum: '20000000s' is too large to store in picoseconds");
}

TEST_CASE("config: plain zero is a time without a unit", "[values]") {
    values v(schema().time("t", "0", "may be zero"));
    CHECK(v.time_ps("t") == 0);
    v.assign("t", "0.0", here);
    CHECK(v.time_ps("t") == 0);
}

TEST_CASE("config: bytes are a count or a number with a decimal or binary unit", "[values]") {
    CHECK(assigned("workload.bytes", "4096").bytes("workload.bytes") == 4096);
    CHECK(assigned("workload.bytes", "64KiB").bytes("workload.bytes") == 65536);
    CHECK(assigned("workload.bytes", "2 MiB").bytes("workload.bytes") == 2097152);
    CHECK(assigned("workload.bytes", "1GB").bytes("workload.bytes") == 1000000000);
    CHECK(assigned("workload.bytes", "3kB").bytes("workload.bytes") == 3000);
    CHECK(assigned("workload.bytes", "1.5KiB").bytes("workload.bytes") == 1536);
    CHECK(assigned("workload.bytes", "0x1000").bytes("workload.bytes") == 4096);
    CHECK(assigned("workload.bytes", "12B").bytes("workload.bytes") == 12);
    CHECK(rejection("workload.bytes", "1.5B") ==
          "f.yaml:3:5: error: workload.bytes: '1.5B' is not a whole number of bytes");
    CHECK(rejection("workload.bytes", "-1") == "f.yaml:3:5: error: workload.bytes: must not be negative, got '-1'");
    CHECK(rejection("workload.bytes", "12 parsecs") ==
          "f.yaml:3:5: error: workload.bytes: unknown unit 'parsecs' in '12 parsecs' "
          "(units B, KB, MB, GB, TB, KiB, MiB, GiB, TiB)");
    CHECK(rejection("workload.bytes", "KiB") ==
          "f.yaml:3:5: error: workload.bytes: expected a size such as 4096, 64KiB or 2MB "
          "(units B, KB, MB, GB, TB, KiB, MiB, GiB, TiB), got 'KiB'");
}

TEST_CASE("config: ranges are inclusive and shown in the user's units", "[values]") {
    CHECK(rejection("demo.ram.size", "4KiB").empty());
    CHECK(rejection("demo.ram.size", "1GiB").empty());
    CHECK(rejection("demo.ram.size", "2KiB") ==
          "f.yaml:3:5: error: demo.ram.size: must be between 4KiB and 1GiB, got '2KiB'");
    CHECK(rejection("demo.ram.size", "1073741825") ==
          "f.yaml:3:5: error: demo.ram.size: must be between 4KiB and 1GiB, got '1073741825'");
    CHECK(rejection("demo.dma.burst_bytes", "3") ==
          "f.yaml:3:5: error: demo.dma.burst_bytes: must be between 4 and 4096, got '3'");
    CHECK(rejection("demo.clock_period", "2us") ==
          "f.yaml:3:5: error: demo.clock_period: must be between 1ps and 1us, got '2us'");
    CHECK(rejection("demo.gain", "100.5") ==
          "f.yaml:3:5: error: demo.gain: must be between -100.0 and 100.0, got '100.5'");
    CHECK(rejection("demo.offset", "-1001") ==
          "f.yaml:3:5: error: demo.offset: must be between -1000 and 1000, got '-1001'");
    CHECK(rejection("sim.quantum", "0") == "f.yaml:3:5: error: sim.quantum: must be at least 1ps, got '0'");
}

TEST_CASE("config: assigning an unknown key or a group names it", "[values]") {
    CHECK(rejection("demo.dma.mdoe", "fast") ==
          "f.yaml:3:5: error: demo.dma.mdoe: unknown key 'demo.dma.mdoe' (did you mean 'demo.dma.mode'?)");
    CHECK(rejection("sim", "5") ==
          "f.yaml:3:5: error: sim: 'sim' is a group of keys (quantum, time_limit), not a single value");
}

TEST_CASE("config: a failed assignment leaves the old value and location", "[values]") {
    values v(test::demo_schema());
    v.assign("demo.offset", "5", here);
    CHECK_THROWS_AS(v.assign("demo.offset", "five", location{"g.yaml", 9, 1}), input_error);
    CHECK(v.integer("demo.offset") == 5);
    CHECK(v.where("demo.offset").str() == "f.yaml:3:5");
}

TEST_CASE("config: defaults come from default_text and say where they came from", "[values]") {
    const values v(test::demo_schema());
    CHECK(v.bytes("demo.ram.size") == 1024 * 1024);
    CHECK(v.time_ps("demo.clock_period") == 1000);
    CHECK(v.string("demo.dma.mode") == "fast");
    CHECK(v.where("demo.ram.size").source == "default");
    CHECK(v.where("demo.ram.size").line == 0);
    CHECK(v.where("demo.ram.size").column == 0);
}

TEST_CASE("config: getters of the wrong kind or an undeclared path are programming errors", "[values]") {
    const values v(test::demo_schema());
    CHECK_THROWS_AS(v.unsigned_("demo.ram.size"), std::logic_error);
    CHECK_THROWS_AS(v.boolean("demo.gain"), std::logic_error);
    CHECK_THROWS_AS(v.integer("no.such.key"), std::logic_error);
    CHECK_THROWS_AS(v.where("no.such.key"), std::logic_error);
    CHECK_THROWS_AS(v.unsigned_("workload.pattern"), std::logic_error);  // required and unset
    CHECK_NOTHROW(v.string("log.level"));                                // a choice reads as a string
}

TEST_CASE("config: check_complete lists every required key left unset", "[values]") {
    values v(test::demo_schema());
    try {
        v.check_complete();
        FAIL("expected input_error");
    } catch (const input_error& e) {
        REQUIRE(e.problems().size() == 2);
        CHECK(e.problems()[0].key_path == "platform");
        CHECK(e.problems()[1].key_path == "workload.pattern");
        CHECK(e.problems()[1].str() == "error: workload.pattern: missing required key (access pattern number)");
    }
    v.assign("platform", "demo", here);
    v.assign("workload.pattern", "2", here);
    CHECK_NOTHROW(v.check_complete());
}

TEST_CASE("config: problem text leaves out what is unknown", "[values]") {
    CHECK(input_problem{location{"a.yaml", 3, 5}, "sim.quantum", "bad"}.str() == "a.yaml:3:5: error: sim.quantum: bad");
    CHECK(input_problem{location{"a.yaml", 3}, "", "bad"}.str() == "a.yaml:3: error: bad");
    CHECK(input_problem{location{"a.yaml"}, "seed", "bad"}.str() == "a.yaml: error: seed: bad");
    CHECK(input_problem{location{}, "", "bad"}.str() == "error: bad");
    CHECK(location{"--set", 0, 0, "seed=3"}.str() == "--set seed=3");
    const input_error both({{location{"a.yaml", 1, 1}, "x", "one"}, {location{"a.yaml", 2, 1}, "y", "two"}});
    CHECK(std::string(both.what()) == "a.yaml:1:1: error: x: one\na.yaml:2:1: error: y: two");
}
