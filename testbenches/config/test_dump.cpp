// The effective tree: YAML with descriptions that loads back to the same values, and typed JSON.
#include "test_support.h"

#include <catch2/catch.hpp>

using namespace vplab::config;

namespace {

// Every kind away from its default, and strings that YAML would misread if written plainly.
const char* const busy = R"(platform: demo
name: "yes"
description: "line one\nline two: with \"quotes\" # and a hash"
seed: 18446744073709551615
sim: {quantum: 1500ns, time_limit: 0.25s}
log.level: info
demo:
  ram.size: 1536KiB
  dma: {burst_bytes: 4096, mode: exact, enabled: false}
  clock_period: 3333ps
  gain: 0.1
  offset: -1000
workload:
  bytes: 1000
  label: "- null"
  pattern: 2
)";

values busy_values() {
    return test::load(busy).variants.at(0).params;
}

} // namespace

TEST_CASE("config: dump_yaml writes canonical values with their descriptions", "[dump]") {
    const std::string dump = busy_values().dump_yaml();
    CHECK(dump.find("sim:\n  quantum: 1500ns ") != std::string::npos);
    CHECK(dump.find("  time_limit: 250ms ") != std::string::npos);
    CHECK(dump.find("demo:\n  ram:\n    size: 1536KiB ") != std::string::npos);
    CHECK(dump.find("  clock_period: 3333ps ") != std::string::npos);
    CHECK(dump.find("  gain: 0.1 ") != std::string::npos);
    CHECK(dump.find("  offset: -1000 ") != std::string::npos);
    CHECK(dump.find("  bytes: 1000 ") != std::string::npos);
    CHECK(dump.find("name: \"yes\" ") == 0);
    CHECK(dump.find("  label: \"- null\" ") != std::string::npos);
    CHECK(dump.find("# period of the device clock [1ps..1us]\n") != std::string::npos);
    CHECK(dump.find("# how the DMA times its bursts [one of: fast, exact]\n") != std::string::npos);
    CHECK(dump.find("# access pattern number [required]\n") != std::string::npos);
    CHECK(dump.find("# size of the RAM [4KiB..1GiB]\n") != std::string::npos);
}

TEST_CASE("config: dump_yaml groups keys in declaration order", "[dump]") {
    const std::string dump = values(test::demo_schema()).dump_yaml();
    std::vector<std::string> keys;
    std::size_t start = 0;
    for (std::size_t end = dump.find('\n'); end != std::string::npos; end = dump.find('\n', start)) {
        const std::string line = dump.substr(start, end - start);
        keys.push_back(line.substr(0, line.find(':')));
        start = end + 1;
    }
    CHECK(keys == std::vector<std::string>{
                      "name",     "description", "platform",       "seed",   "sim",      "  quantum", "  time_limit",
                      "log",      "  level", "  instances",     "demo",           "  ram",  "    size", "  dma",     "    burst_bytes",
                      "    mode", "    enabled", "  clock_period", "  gain", "  offset", "workload",  "  bytes",
                      "  label",  "  pattern"});
    CHECK(dump.find("  pattern: ~ ") != std::string::npos);
    CHECK(dump.find("platform: ~ ") != std::string::npos);
}

TEST_CASE("config: canonical text picks the largest exact unit", "[dump]") {
    const auto dumped = [](const std::string& path, const std::string& text) {
        values v(test::demo_schema());
        v.assign(path, text, location{"t"});
        const std::string dump = v.dump_yaml();
        const std::string key = " " + path.substr(path.rfind('.') + 1) + ": ";
        const std::size_t at = dump.find(key) + key.size();
        return dump.substr(at, dump.find(' ', at) - at);
    };
    CHECK(dumped("sim.quantum", "1000ns") == "1us");
    CHECK(dumped("sim.quantum", "0.25 ms") == "250us");
    CHECK(dumped("sim.time_limit", "60s") == "60s");
    CHECK(dumped("demo.ram.size", "65536") == "64KiB");
    CHECK(dumped("demo.ram.size", "1GiB") == "1GiB");
    CHECK(dumped("workload.bytes", "1MB") == "1000000");
    CHECK(dumped("workload.bytes", "0") == "0");
    CHECK(dumped("demo.gain", "2") == "2.0");
    CHECK(dumped("demo.gain", "1e-7") == "1e-07");
    CHECK(dumped("demo.dma.enabled", "TRUE") == "true");
    CHECK(dumped("demo.dma.burst_bytes", "0x100") == "256");
}

TEST_CASE("config: dump_yaml loads back to identical values", "[dump]") {
    const values original = busy_values();
    const std::string dump = original.dump_yaml();
    const scenario again = load_scenario_text(dump, "dump.yaml", {}, test::lookup(), test::names());
    const values& reloaded = again.variants.at(0).params;
    CHECK(reloaded.to_json() == original.to_json());
    CHECK(reloaded.string("description") == "line one\nline two: with \"quotes\" # and a hash");
    CHECK(reloaded.string("name") == "yes");
    CHECK(reloaded.string("workload.label") == "- null");
    CHECK(reloaded.dump_yaml() == dump);
}

TEST_CASE("config: dump_yaml of the defaults loads back once the required keys are set", "[dump]") {
    values defaults(test::demo_schema());
    defaults.assign("platform", "demo", location{"t"});
    defaults.assign("workload.pattern", "0", location{"t"});
    const scenario again = load_scenario_text(defaults.dump_yaml(), "dump.yaml", {}, test::lookup(), test::names());
    CHECK(again.variants.at(0).params.to_json() == defaults.to_json());
}

TEST_CASE("config: to_json nests objects with typed leaves", "[dump]") {
    const nlohmann::json j = busy_values().to_json();
    CHECK(j.at("sim").at("quantum") == 1500000);
    CHECK(j.at("sim").at("quantum").is_number_unsigned());
    CHECK(j.at("sim").at("time_limit") == 250000000000ULL);
    CHECK(j.at("demo").at("ram").at("size") == 1572864);
    CHECK(j.at("demo").at("dma").at("enabled") == false);
    CHECK(j.at("demo").at("dma").at("mode") == "exact");
    CHECK(j.at("demo").at("gain").is_number_float());
    CHECK(j.at("demo").at("gain") == 0.1);
    CHECK(j.at("demo").at("offset") == -1000);
    CHECK(j.at("demo").at("offset").is_number_integer());
    CHECK(j.at("seed") == 18446744073709551615ULL);
    CHECK(j.at("log").at("level") == "info");
    CHECK(j.at("workload").at("label") == "- null");
    CHECK(values(test::demo_schema()).to_json().at("workload").at("pattern").is_null());
}

TEST_CASE("config: the same scenario gives the same dump and JSON", "[dump]") {
    const values a = busy_values();
    const values b = busy_values();
    CHECK(a.dump_yaml() == b.dump_yaml());
    CHECK(a.to_json().dump() == b.to_json().dump());
    CHECK(a.to_json().dump().find("{\"demo\":{\"clock_period\":3333,") == 0);
}
