// --set key.path=value: the command line always wins, and a bad argument is named as the user typed it.
#include "test_support.h"

#include <catch2/catch.hpp>

using namespace vplab::config;
using test::demo_base;
using test::error_of;

TEST_CASE("config: --set overrides the file", "[overrides]") {
    const scenario sc = test::load(std::string(demo_base) + "sim.quantum: 2us\n",
                                   {"sim.quantum=10us", "seed=5", "name=x", "demo.dma.mode=exact"});
    const values& v = sc.variants.at(0).params;
    CHECK(v.time_ps("sim.quantum") == 10000000);
    CHECK(v.where("sim.quantum").source == "--set");
    CHECK(v.where("sim.quantum").argument == "sim.quantum=10us");
    CHECK(v.where("sim.quantum").str() == "--set sim.quantum=10us");
    CHECK(v.string("demo.dma.mode") == "exact");
    CHECK(sc.seed == 5);
    CHECK(sc.name == "x");
}

TEST_CASE("config: --set values read as YAML scalars", "[overrides]") {
    const auto label = [](const std::string& arg) {
        return test::load(demo_base, {arg}).variants.at(0).params.string("workload.label");
    };
    CHECK(label("workload.label=plain words") == "plain words");
    CHECK(label("workload.label=\"a: b\"") == "a: b");
    CHECK(label("workload.label='x=y'") == "x=y");
    CHECK(label("workload.label=") == "");
    CHECK(label(" workload.label = padded ") == "padded");
}

TEST_CASE("config: the last --set of a key wins", "[overrides]") {
    const scenario sc = test::load(demo_base, {"seed=5", "seed=6"});
    CHECK(sc.seed == 6);
}

TEST_CASE("config: --set may supply a required key", "[overrides]") {
    const scenario sc = test::load("platform: demo\n", {"workload.pattern=4"});
    CHECK(sc.variants.at(0).params.unsigned_("workload.pattern") == 4);
}

TEST_CASE("config: a malformed --set names the argument", "[overrides]") {
    try {
        test::load(demo_base, {"seed"});
        FAIL("expected input_error");
    } catch (const input_error& e) {
        REQUIRE(e.problems().size() == 1);
        CHECK(e.problems()[0].where.source == "--set");
        CHECK(e.problems()[0].where.line == 0);
        CHECK(e.problems()[0].where.argument == "seed");
        CHECK(e.problems()[0].str() == "--set seed: error: expected key.path=value, such as sim.quantum=10us");
    }
    CHECK(error_of(demo_base, {"=5"}) == "--set =5: error: expected key.path=value, such as sim.quantum=10us");
}

TEST_CASE("config: a --set of an unknown key suggests a near miss", "[overrides]") {
    CHECK(error_of(demo_base, {"sim.quantom=1us"}) ==
          "--set sim.quantom=1us: error: sim.quantom: unknown key 'sim.quantom' (did you mean 'sim.quantum'?)");
    CHECK(error_of(demo_base, {"sim=5"}) ==
          "--set sim=5: error: sim: 'sim' is a group of keys (quantum, time_limit), not a single value");
}

TEST_CASE("config: a --set value is validated like a file value", "[overrides]") {
    CHECK(error_of(demo_base, {"seed=-1"}) == "--set seed=-1: error: seed: must not be negative, got '-1'");
    CHECK(error_of(demo_base, {"workload.label=[a, b]"}) ==
          "--set workload.label=[a, b]: error: workload.label: expected a single value, got a list");
    CHECK(error_of(demo_base, {"workload.label=\"open"})
              .rfind("--set workload.label=\"open: error: workload.label: "
                     "invalid value: ",
                     0) == 0);
}

TEST_CASE("config: --set cannot change the platform or the variants", "[overrides]") {
    CHECK(error_of(demo_base, {"platform=tiny"}) ==
          "--set platform=tiny: error: platform: the platform cannot be changed with --set; edit 'platform:' instead");
    CHECK(error_of(demo_base, {"compare=[]"}) ==
          "--set compare=[]: error: compare: compare variants cannot be set with --set; edit the scenario");
}

TEST_CASE("config: file problems come before --set problems", "[overrides]") {
    CHECK(error_of(std::string(demo_base) + "seed: x\n", {"sim.quantum=fast", "bogus"}) ==
          "mem/demo.yaml:4:7: error: seed: expected a whole number such as 64 (not negative), got 'x'\n"
          "--set sim.quantum=fast: error: sim.quantum: expected a time such as 100ns or 1us (units s, ms, us, ns, ps), "
          "got 'fast'\n"
          "--set bogus: error: expected key.path=value, such as sim.quantum=10us");
}

TEST_CASE("config: --set problems are reported even when the file does not parse", "[overrides]") {
    const std::string message = error_of("platform: [demo\n", {"bogus"});
    CHECK(message.find("mem/demo.yaml:") == 0);
    CHECK(message.find("\n--set bogus: error: expected key.path=value") != std::string::npos);
}

TEST_CASE("config: --set applies to every compare variant", "[overrides][compare]") {
    const scenario sc =
        test::load(std::string(demo_base) + "compare:\n  - name: a\n    seed: 3\n  - name: b\n", {"seed=8"});
    CHECK(sc.variants.at(0).params.unsigned_("seed") == 8);
    CHECK(sc.variants.at(1).params.unsigned_("seed") == 8);
    CHECK(sc.seed == 8);
}
