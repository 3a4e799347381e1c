// Loading scenarios from text and files: structure, locations and every problem collected at once.
#include "test_support.h"

#include <catch2/catch.hpp>
#include <filesystem>

using namespace vplab::config;
using test::demo_base;
using test::error_of;

TEST_CASE("config: a minimal scenario loads with defaults", "[scenario]") {
    const scenario sc = test::load(demo_base);
    CHECK(sc.file == "mem/demo.yaml");
    CHECK(sc.name == "demo");  // the stem of the source
    CHECK(sc.platform == "demo");
    CHECK(sc.seed == 1);
    REQUIRE(sc.variants.size() == 1);
    CHECK(sc.variants[0].name == "default");
    const values& v = sc.variants[0].params;
    CHECK(v.string("platform") == "demo");
    CHECK(v.unsigned_("workload.pattern") == 3);
    CHECK(v.bytes("demo.ram.size") == 1024 * 1024);
    CHECK(v.where("workload.pattern").str() == "mem/demo.yaml:3:12");
    CHECK(v.where("platform").str() == "mem/demo.yaml:1:11");
    CHECK(v.where("seed").source == "default");
}

TEST_CASE("config: name and seed come from the file", "[scenario]") {
    const scenario sc = test::load(std::string(demo_base) + "name: sweep one\nseed: 42\n");
    CHECK(sc.name == "sweep one");
    CHECK(sc.seed == 42);
    const scenario other = load_scenario_text(demo_base, "runs/long.name.yaml", {}, test::lookup(), test::names());
    CHECK(other.name == "long.name");
}

TEST_CASE("config: every kind is read from YAML with the value's location", "[scenario]") {
    const scenario sc = test::load(R"(platform: demo
demo:
  ram: {size: 64KiB}
  dma:
    burst_bytes: 256
    mode: exact
    enabled: false
  clock_period: 2.5 ns
  gain: -0.25
  offset: -12
workload:
  bytes: "2 MiB"
  label: 'quoted: text'
  pattern: 0x7
log.level: debug
)");
    const values& v = sc.variants.at(0).params;
    CHECK(v.bytes("demo.ram.size") == 65536);
    CHECK(v.unsigned_("demo.dma.burst_bytes") == 256);
    CHECK(v.string("demo.dma.mode") == "exact");
    CHECK(v.boolean("demo.dma.enabled") == false);
    CHECK(v.time_ps("demo.clock_period") == 2500);
    CHECK(v.real("demo.gain") == -0.25);
    CHECK(v.integer("demo.offset") == -12);
    CHECK(v.bytes("workload.bytes") == 2097152);
    CHECK(v.string("workload.label") == "quoted: text");
    CHECK(v.unsigned_("workload.pattern") == 7);
    CHECK(v.string("log.level") == "debug");
    CHECK(v.where("demo.ram.size").str() == "mem/demo.yaml:3:15");
    CHECK(v.where("demo.gain").str() == "mem/demo.yaml:9:9");
    CHECK(v.where("log.level").str() == "mem/demo.yaml:15:12");
}

TEST_CASE("config: a wrong value names the file line column and key path", "[scenario]") {
    CHECK(error_of(std::string(demo_base) + "demo:\n  dma:\n    enabled: yes\n") ==
          "mem/demo.yaml:6:14: error: demo.dma.enabled: expected true or false, got 'yes'");
    CHECK(error_of(std::string(demo_base) + "demo.dma.burst_bytes: 8192\n") ==
          "mem/demo.yaml:4:23: error: demo.dma.burst_bytes: must be between 4 and 4096, got '8192'");
}

TEST_CASE("config: a missing required key names the key and the file", "[scenario]") {
    CHECK(error_of("platform: demo\n") ==
          "mem/demo.yaml: error: workload.pattern: missing required key (access pattern number)");
}

TEST_CASE("config: every problem is reported at once in file order", "[scenario]") {
    const std::string text = "platform: demo\n"
                             "sim:\n"
                             "  quantom: 1us\n"
                             "  time_limit: soon\n"
                             "seed: -1\n";
    try {
        test::load(text);
        FAIL("expected input_error");
    } catch (const input_error& e) {
        REQUIRE(e.problems().size() == 4);
        CHECK(e.problems()[0].str() ==
              "mem/demo.yaml:3:3: error: sim.quantom: unknown key 'sim.quantom' (did you mean 'sim.quantum'?)");
        CHECK(e.problems()[1].key_path == "sim.time_limit");
        CHECK(e.problems()[1].where.line == 4);
        CHECK(e.problems()[1].where.column == 15);
        CHECK(e.problems()[2].str() == "mem/demo.yaml:5:7: error: seed: must not be negative, got '-1'");
        CHECK(e.problems()[3].str() ==
              "mem/demo.yaml: error: workload.pattern: missing required key (access pattern number)");
    }
}

TEST_CASE("config: the platform must be present and known", "[scenario]") {
    CHECK(error_of("seed: 2\n") ==
          "mem/demo.yaml: error: platform: missing required key (known platforms: demo, tiny)");
    CHECK(error_of("platform: tinyy\n") == "mem/demo.yaml:1:11: error: platform: unknown platform 'tinyy' (did you "
                                           "mean 'tiny'?); known platforms: demo, tiny");
    CHECK(error_of("platform: gpu\n") ==
          "mem/demo.yaml:1:11: error: platform: unknown platform 'gpu'; known platforms: demo, tiny");
    CHECK(error_of("platform:\n") ==
          "mem/demo.yaml:1:1: error: platform: expected a platform name, got nothing (known platforms: demo, tiny)");
}

TEST_CASE("config: another platform has its own keys", "[scenario]") {
    const scenario sc = test::load("platform: tiny\ntiny:\n  lanes: 16\n");
    CHECK(sc.variants.at(0).params.unsigned_("tiny.lanes") == 16);
    CHECK(error_of("platform: tiny\nworkload:\n  pattern: 3\n") ==
          "mem/demo.yaml:2:1: error: workload: unknown key 'workload'");
}

TEST_CASE("config: YAML syntax errors carry yaml-cpp's position counted from 1", "[scenario]") {
    // yaml-cpp places an unclosed flow list at the end of the input.
    CHECK(error_of("platform: demo\nsim: [1us,\nseed: 2\n") ==
          "mem/demo.yaml:4:1: error: invalid YAML: end of sequence flow not found");
    CHECK(error_of("platform: demo\n  seed: 2\n") == "mem/demo.yaml:2:7: error: invalid YAML: illegal map value");
}

TEST_CASE("config: the shape of the tree must match the schema", "[scenario]") {
    CHECK(error_of(std::string(demo_base) + "sim: 5\n") ==
          "mem/demo.yaml:4:6: error: sim: expected the keys of group 'sim' (quantum, time_limit), got '5'");
    CHECK(error_of(std::string(demo_base) + "sim:\n  - quantum: 1us\n") ==
          "mem/demo.yaml:5:3: error: sim: expected the keys of group 'sim' (quantum, time_limit), got a list");
    CHECK(error_of(std::string(demo_base) + "sim:\n") ==
          "mem/demo.yaml:4:1: error: sim: expected the keys of group 'sim' (quantum, time_limit), got nothing");
    CHECK(error_of(std::string(demo_base) + "seed: {value: 3}\n") ==
          "mem/demo.yaml:4:7: error: seed: expected a whole number (not negative), got a mapping");
    CHECK(error_of(std::string(demo_base) + "seed: [3]\n") ==
          "mem/demo.yaml:4:7: error: seed: expected a whole number (not negative), got a list");
    CHECK(error_of(std::string(demo_base) + "seed:\n") ==
          "mem/demo.yaml:4:1: error: seed: no value given; expected a whole number (not negative)");
    CHECK(error_of(std::string(demo_base) + "name: ~\n") ==
          "mem/demo.yaml:4:1: error: name: no value given; expected a string (write \"\" for an empty string)");
    CHECK(error_of(std::string(demo_base) + "? [a, b]\n: 1\n") ==
          "mem/demo.yaml:4:3: error: a key must be a name, got a list");
    CHECK(error_of("- platform: demo\n") ==
          "mem/demo.yaml:1:1: error: the top level must be a mapping of keys such as 'platform: demo', got a list");
    CHECK(
        error_of("just text\n") ==
        "mem/demo.yaml:1:1: error: the top level must be a mapping of keys such as 'platform: demo', got 'just text'");
    CHECK(error_of("# nothing here\n") ==
          "mem/demo.yaml: error: the scenario is empty; it needs at least 'platform: NAME'");
    CHECK(error_of(std::string(demo_base) + "---\nseed: 3\n") ==
          "mem/demo.yaml:5:1: error: a scenario is one YAML document, found 2");
}

TEST_CASE("config: dotted keys are accepted but a key is set once per file", "[scenario]") {
    const scenario sc = test::load(std::string(demo_base) + "sim.quantum: 10ns\n");
    CHECK(sc.variants.at(0).params.time_ps("sim.quantum") == 10000);
    CHECK(error_of(std::string(demo_base) + "sim:\n  quantum: 1us\nsim.quantum: 2us\n") ==
          "mem/demo.yaml:6:14: error: sim.quantum: set twice (first at line 5)");
}

TEST_CASE("config: duplicate keys are errors in every mapping", "[scenario]") {
    CHECK(error_of(std::string(demo_base) + "seed: 1\nseed: 2\n") ==
          "mem/demo.yaml:5:1: error: seed: duplicate key 'seed' (first at line 4)");
    CHECK(error_of(std::string(demo_base) + "sim:\n  quantum: 1us\n  quantum: 1us\n") ==
          "mem/demo.yaml:6:3: error: sim.quantum: duplicate key 'quantum' (first at line 5)");
    CHECK(error_of(std::string(demo_base) + "sim: {quantum: 1us}\nsim: {time_limit: 1s}\n") ==
          "mem/demo.yaml:5:1: error: sim: duplicate key 'sim' (first at line 4)");
    // Under an unknown key too, and both are reported.
    CHECK(error_of(std::string(demo_base) + "extra:\n  a: 1\n  a: 2\n") ==
          "mem/demo.yaml:4:1: error: extra: unknown key 'extra'\n"
          "mem/demo.yaml:6:3: error: extra.a: duplicate key 'a' (first at line 5)");
}

TEST_CASE("config: compare variants layer base then variant then --set", "[scenario][compare]") {
    const std::string text = R"(platform: demo
workload.pattern: 1
seed: 9
sim.quantum: 2us
demo.gain: 2
compare:
  - name: slow
    sim.quantum: 5us
    demo:
      gain: 3
  - name: fast lane
    seed: 4
)";
    const scenario sc = test::load(text, {"sim.quantum=7us"});
    REQUIRE(sc.variants.size() == 2);
    CHECK(sc.seed == 9);
    const values& slow = sc.variants[0].params;
    const values& fast = sc.variants[1].params;
    CHECK(sc.variants[0].name == "slow");
    CHECK(sc.variants[1].name == "fast lane");
    CHECK(slow.real("demo.gain") == 3.0);
    CHECK(fast.real("demo.gain") == 2.0);
    CHECK(slow.where("demo.gain").str() == "mem/demo.yaml:10:13");
    CHECK(fast.where("demo.gain").str() == "mem/demo.yaml:5:12");
    CHECK(slow.time_ps("sim.quantum") == 7000000);
    CHECK(fast.time_ps("sim.quantum") == 7000000);
    CHECK(slow.where("sim.quantum").str() == "--set sim.quantum=7us");
    CHECK(slow.unsigned_("seed") == 9);
    CHECK(fast.unsigned_("seed") == 4);

    const scenario plain = test::load(text);
    CHECK(plain.variants[0].params.time_ps("sim.quantum") == 5000000);
    CHECK(plain.variants[1].params.time_ps("sim.quantum") == 2000000);
}

TEST_CASE("config: compare entries are checked", "[scenario][compare]") {
    const std::string base = demo_base;
    CHECK(error_of(base + "compare: []\n") == "mem/demo.yaml:4:1: error: compare: expected a non-empty list of "
                                              "variants, each with a name, got an empty list");
    CHECK(error_of(base + "compare:\n") ==
          "mem/demo.yaml:4:1: error: compare: expected a non-empty list of variants, each with a name, got nothing");
    CHECK(error_of(base + "compare: {name: a}\n") ==
          "mem/demo.yaml:4:10: error: compare: expected a non-empty list of variants, each with a name, got a mapping");
    CHECK(error_of(base + "compare:\n  - name: a\n  - name: a\n") ==
          "mem/demo.yaml:6:11: error: compare[1].name: duplicate variant name 'a' (first at line 5)");
    CHECK(error_of(base + "compare:\n  - seed: 3\n") ==
          "mem/demo.yaml:5:5: error: compare[0].name: missing required key (each variant needs a name)");
    CHECK(error_of(base + "compare:\n  - name:\n") ==
          "mem/demo.yaml:5:5: error: compare[0].name: expected a non-empty variant name, got nothing");
    CHECK(error_of(base + "compare:\n  - name: a\n    platform: tiny\n") ==
          "mem/demo.yaml:6:5: error: compare[0].platform: a variant cannot change the platform; write a separate "
          "scenario");
    CHECK(error_of(base + "compare:\n  - name: a\n    compare: []\n") ==
          "mem/demo.yaml:6:5: error: compare[0].compare: variants cannot have variants of their own");
    CHECK(error_of(base + "compare:\n  - just a name\n") ==
          "mem/demo.yaml:5:5: error: compare[0]: expected a mapping with a name and the keys this variant changes, "
          "got 'just a name'");
    CHECK(error_of(base + "compare:\n  - name: a\n    sim.quantom: 1us\n") ==
          "mem/demo.yaml:6:5: error: sim.quantom: unknown key 'sim.quantom' (did you mean 'sim.quantum'?)");
    CHECK(error_of(base + "compare:\n  - name: a\n    seed: 1\n    seed: 2\n") ==
          "mem/demo.yaml:7:5: error: compare[0].seed: duplicate key 'seed' (first at line 6)");
}

TEST_CASE("config: required keys may come from every variant instead of the base", "[scenario][compare]") {
    const std::string head = "platform: demo\ncompare:\n  - name: a\n    workload.pattern: 1\n  - name: b\n";
    CHECK(test::load(head + "    workload.pattern: 2\n").variants.at(1).params.unsigned_("workload.pattern") == 2);
    CHECK(
        error_of(head + "    seed: 2\n") ==
        "mem/demo.yaml: error: workload.pattern: missing required key (access pattern number) in compare variant 'b'");
}

TEST_CASE("config: a scenario file that cannot be read is named", "[scenario]") {
    const auto message = [](const std::string& path) {
        try {
            load_scenario_file(path, {}, test::lookup(), test::names());
        } catch (const input_error& e) {
            return std::string(e.what());
        }
        return std::string();
    };
    CHECK(message("testbenches/data/no_such_file.yaml") ==
          "testbenches/data/no_such_file.yaml: error: cannot open the scenario file: no such file or directory");
    CHECK(message("testbenches/data") == "testbenches/data: error: cannot open the scenario file: it is a directory");
}

TEST_CASE("config: every good scenario file loads", "[scenario][files]") {
    std::vector<std::filesystem::path> files;
    for (const auto& entry : std::filesystem::directory_iterator("testbenches/data/good"))
        if (entry.path().extension() == ".yaml")
            files.push_back(entry.path());
    REQUIRE(files.size() >= 2);
    for (const auto& file : files) {
        INFO(file.string());
        CHECK_NOTHROW(load_scenario_file(file.string(), {}, test::lookup(), test::names()));
    }
}

TEST_CASE("config: a good file with variants loads as written", "[scenario][files]") {
    const scenario sc =
        load_scenario_file("testbenches/data/good/demo_compare.yaml", {}, test::lookup(), test::names());
    CHECK(sc.name == "demo_compare");
    REQUIRE(sc.variants.size() == 2);
    CHECK(sc.variants[0].name == "narrow");
    CHECK(sc.variants[0].params.unsigned_("demo.dma.burst_bytes") == 16);
    CHECK(sc.variants[1].params.unsigned_("demo.dma.burst_bytes") == 256);
}
