// Each malformed scenario in testbenches/data/bad states on its first lines what the loader must say about it.
#include "test_support.h"

#include <algorithm>
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>

using namespace vplab::config;

namespace {

const std::string bad_dir = "testbenches/data/bad";

std::vector<std::filesystem::path> bad_files() {
    std::vector<std::filesystem::path> files;
    for (const auto& entry : std::filesystem::directory_iterator(bad_dir))
        if (entry.path().extension() == ".yaml")
            files.push_back(entry.path());
    std::sort(files.begin(), files.end());
    return files;
}

// The "# expect: ..." lines at the top of a file.
std::vector<std::string> expectations(const std::filesystem::path& file) {
    std::vector<std::string> out;
    std::ifstream in(file);
    const std::string marker = "# expect: ";
    for (std::string line; std::getline(in, line) && line.rfind(marker, 0) == 0;)
        out.push_back(line.substr(marker.size()));
    return out;
}

} // namespace

TEST_CASE("config: every bad scenario file is rejected with the expected message", "[scenario][files]") {
    const auto files = bad_files();
    REQUIRE(files.size() >= 20);
    for (const auto& file : files) {
        INFO(file.string());
        const auto expected = expectations(file);
        CHECK_FALSE(expected.empty());
        std::string message;
        try {
            load_scenario_file(file.string(), {}, test::lookup(), test::names());
        } catch (const input_error& e) {
            message = e.what();
        }
        INFO(message);
        CHECK_FALSE(message.empty());
        for (const auto& want : expected) {
            INFO("expected: " << want);
            CHECK(message.find(want) != std::string::npos);
        }
    }
}

TEST_CASE("config: bad scenario files stay bad whatever else --set fixes", "[scenario][files]") {
    // A valid override must not hide a problem in the file.
    for (const auto& file : bad_files()) {
        INFO(file.string());
        CHECK_THROWS_AS(
            load_scenario_file(file.string(), {"workload.pattern=1", "seed=2"}, test::lookup(), test::names()),
            input_error);
    }
}
