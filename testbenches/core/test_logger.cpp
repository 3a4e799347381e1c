// Logger levels: the process default, per-instance overrides from log.instances, and their parsing.
#include <catch2/catch.hpp>
#include <core/logger.h>

using vplab::core::log_level;
using vplab::core::logger;

TEST_CASE("a logger follows the default level unless its instance has its own") {
    logger::set_default_level(log_level::warning);
    logger::set_instance_levels({{"top.dma", log_level::debug}});
    const logger plain("top.cpu"), chatty("top.dma");
    CHECK(plain.enabled(log_level::warning));
    CHECK_FALSE(plain.enabled(log_level::info));
    CHECK(chatty.enabled(log_level::debug));
    logger::set_default_level(log_level::error);
    CHECK_FALSE(plain.enabled(log_level::warning));
    CHECK(chatty.enabled(log_level::debug));
}

TEST_CASE("log.instances text parses into levels and names the bad entry") {
    const auto levels = logger::parse_instance_levels(" a.b=debug, c = error ,");
    REQUIRE(levels.size() == 2);
    CHECK(levels.at("a.b") == log_level::debug);
    CHECK(levels.at("c") == log_level::error);
    CHECK(logger::parse_instance_levels("").empty());
    CHECK_THROWS_WITH(logger::parse_instance_levels("a=debug, b"), Catch::Contains("'b' is not instance=level"));
    CHECK_THROWS_WITH(logger::parse_instance_levels("a=loud"), Catch::Contains("unknown log level 'loud'"));
}
