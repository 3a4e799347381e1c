// The schema: declaration mistakes are programming errors; near misses are suggested.
#include "test_support.h"

#include <catch2/catch.hpp>

using namespace vplab::config;

TEST_CASE("config: schema refuses a path declared twice", "[schema]") {
    schema s;
    s.unsigned_("a.b", 1, "first");
    CHECK_THROWS_AS(s.unsigned_("a.b", 2, "again"), std::logic_error);
}

TEST_CASE("config: schema refuses a path that is both a parameter and a group", "[schema]") {
    schema leaf_first;
    leaf_first.unsigned_("a.b", 1, "leaf");
    CHECK_THROWS_AS(leaf_first.unsigned_("a.b.c", 1, "below a leaf"), std::logic_error);
    schema group_first;
    group_first.unsigned_("a.b.c", 1, "leaf");
    CHECK_THROWS_AS(group_first.unsigned_("a.b", 1, "a group"), std::logic_error);
    CHECK_THROWS_AS(group_first.unsigned_("a", 1, "a group"), std::logic_error);
}

TEST_CASE("config: schema refuses malformed declarations", "[schema]") {
    schema s;
    CHECK_THROWS_AS(s.time("t", "fast", "bad default"), std::logic_error);
    CHECK_THROWS_AS(s.unsigned_("u", 2, "default out of range", 4, 8), std::logic_error);
    CHECK_THROWS_AS(s.choice("c", "x", {}, "no choices"), std::logic_error);
    CHECK_THROWS_AS(s.choice("c", "x", {"a", "b"}, "default not a choice"), std::logic_error);
    CHECK_THROWS_AS(s.unsigned_("a..b", 1, "empty name"), std::logic_error);
    CHECK_THROWS_AS(s.unsigned_("a b", 1, "space"), std::logic_error);
    CHECK_THROWS_AS(s.unsigned_("compare", 1, "reserved"), std::logic_error);
    CHECK_THROWS_AS(s.unsigned_("r", 1, "min above max", 5, 4), std::logic_error);
    CHECK(s.params().empty());
}

TEST_CASE("config: schema finds parameters and groups", "[schema]") {
    const schema& s = test::demo_schema();
    REQUIRE(s.find("demo.dma.mode") != nullptr);
    CHECK(s.find("demo.dma.mode")->type == kind::choice);
    CHECK(s.find("demo.dma") == nullptr);
    CHECK(s.is_parent("demo.dma"));
    CHECK(s.is_parent("demo"));
    CHECK_FALSE(s.is_parent("demo.dma.mode"));
    CHECK_FALSE(s.is_parent("dem"));
    CHECK_FALSE(s.is_parent(""));
}

TEST_CASE("config: suggest names the nearest key only when it is close", "[schema]") {
    const schema& s = test::demo_schema();
    CHECK(s.suggest("sim.quantom") == "sim.quantum");
    CHECK(s.suggest("sim.qunatum") == "sim.quantum");
    CHECK(s.suggest("smi.quantum") == "sim.quantum");
    CHECK(s.suggest("quantum") == "sim.quantum");
    CHECK(s.suggest("Seed") == "seed");
    CHECK(s.suggest("demo.ram.sise") == "demo.ram.size");
    CHECK(s.suggest("demo.ram.burst_bytes") == "demo.dma.burst_bytes");
    CHECK(s.suggest("dmeo") == "demo");
    CHECK(s.suggest("demo.dma.xyz").empty());
    CHECK(s.suggest("something.else.entirely").empty());
    CHECK(s.suggest("q").empty());
}

TEST_CASE("config: common parameters have their defaults and descriptions", "[schema]") {
    schema s;
    add_common_params(s);
    std::vector<std::string> paths;
    for (const auto& p : s.params()) {
        paths.push_back(p.path);
        CHECK_FALSE(p.description.empty());
        CHECK(p.description.find('\n') == std::string::npos);
    }
    CHECK(paths == std::vector<std::string>{"name", "description", "platform", "seed", "sim.quantum", "sim.time_limit",
                                            "log.level", "log.instances"});
    CHECK(s.find("platform")->required);
    const values v(s);
    CHECK(v.string("name").empty());
    CHECK(v.string("description").empty());
    CHECK(v.unsigned_("seed") == 1);
    CHECK(v.time_ps("sim.quantum") == 1000000);
    CHECK(v.time_ps("sim.time_limit") == 10000000000000ULL);
    CHECK(v.string("log.level") == "warning");
    CHECK(s.find("log.level")->choices == std::vector<std::string>{"error", "warning", "info", "debug"});
    CHECK(s.find("sim.quantum")->min == 1.0);
}

TEST_CASE("config: kind names are stable", "[schema]") {
    CHECK(std::string(kind_name(kind::boolean)) == "boolean");
    CHECK(std::string(kind_name(kind::unsigned_)) == "unsigned");
    CHECK(std::string(kind_name(kind::time)) == "time");
    CHECK(std::string(kind_name(kind::bytes)) == "bytes");
}
