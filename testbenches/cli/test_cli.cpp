// The vplab command line end to end: run, check, list, regs, --set, --dump-config, exit codes, nothing written on
// error, identical results for identical input.
#include <catch2/catch.hpp>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <sys/wait.h>
#include <unistd.h>

namespace fs = std::filesystem;

namespace {

struct result {
    int code = -1;
    std::string out, err;
};

// A fresh scratch directory per test process.
fs::path scratch() {
    static const fs::path dir = [] {
        fs::path d = fs::temp_directory_path() / ("vplab-cli-" + std::to_string(::getpid()));
        fs::remove_all(d);
        fs::create_directories(d);
        return d;
    }();
    return dir;
}

std::string slurp(const fs::path& p) {
    std::ifstream f(p);
    std::stringstream s;
    s << f.rdbuf();
    return s.str();
}

result vplab(const std::string& args) {
    const fs::path out = scratch() / "stdout.txt", err = scratch() / "stderr.txt";
    const std::string cmd = std::string(VPLAB_BINARY) + " " + args + " >" + out.string() + " 2>" + err.string();
    const int status = std::system(cmd.c_str());
    return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, slurp(out), slurp(err)};
}

nlohmann::json results_at(const fs::path& dir) { return nlohmann::json::parse(slurp(dir / "results.json")); }

// The first line of a bad scenario says what its error message must contain: "# expect: ...".
std::string expectation(const fs::path& file) {
    const std::string first = slurp(file).substr(0, slurp(file).find('\n'));
    const std::string tag = "# expect: ";
    return first.rfind(tag, 0) == 0 ? first.substr(tag.size()) : "";
}

} // namespace

TEST_CASE("run writes results.json with the documented fields and exits 0 when verified") {
    const fs::path out = scratch() / "copy";
    const result r = vplab("run scenarios/demo/copy.yaml --out " + out.string());
    INFO(r.err);
    REQUIRE(r.code == 0);
    CHECK_THAT(r.out, Catch::Contains("verified"));
    const auto doc = results_at(out);
    for (const char* key : {"scenario", "platform", "seed", "sim_time_ns", "wall_s", "verified", "metrics", "stats",
                            "config"})
        CHECK(doc.contains(key));
    CHECK(doc["scenario"] == "copy");
    CHECK(doc["platform"] == "demo");
    CHECK(doc["verified"] == true);
    CHECK(doc["metrics"]["bandwidth_gbps"].get<double>() > 0);
}

TEST_CASE("the same scenario and seed give the same results apart from wall-clock fields") {
    const fs::path a = scratch() / "a", b = scratch() / "b";
    REQUIRE(vplab("run scenarios/demo/compare_bursts.yaml -q --out " + a.string()).code == 0);
    REQUIRE(vplab("run scenarios/demo/compare_bursts.yaml -q -j 1 --out " + b.string()).code == 0);
    auto strip = [](nlohmann::json doc) {
        doc.erase("wall_s");
        for (auto& v : doc["variants"]) v.erase("wall_s");
        return doc.dump();
    };
    CHECK(strip(results_at(a)) == strip(results_at(b)));
    CHECK(results_at(a)["variants"].size() == 3);
}

TEST_CASE("run with --set overrides the file and a different seed changes the data but still verifies") {
    const fs::path out = scratch() / "set";
    const result r =
        vplab("run scenarios/demo/copy.yaml -q --set workload.bytes=2KiB --set seed=7 --out " + out.string());
    INFO(r.err);
    REQUIRE(r.code == 0);
    const auto doc = results_at(out);
    CHECK(doc["seed"] == 7);
    CHECK(doc["metrics"]["bytes"] == 2048 * doc["metrics"]["copies"].get<int>());
    CHECK(doc["config"]["workload"]["bytes"] == 2048);
}

TEST_CASE("a device error exits 1 and still writes the results") {
    const fs::path out = scratch() / "zero";
    const result r = vplab("run scenarios/demo/copy.yaml --set workload.bytes=0 --out " + out.string());
    CHECK(r.code == 1);
    CHECK_THAT(r.out, Catch::Contains("device error code 1"));
    CHECK(results_at(out)["verified"] == false);
}

TEST_CASE("every malformed scenario exits 2 with its location and writes nothing") {
    int files = 0;
    for (const auto& entry : fs::directory_iterator("testbenches/data/bad")) {
        if (entry.path().extension() != ".yaml") continue;
        ++files;
        const std::string expect = expectation(entry.path());
        const fs::path out = scratch() / ("bad-" + entry.path().stem().string());
        const result r = vplab("run " + entry.path().string() + " --out " + out.string());
        INFO(entry.path().string() << "\n" << r.err);
        CHECK(r.code == 2);
        CHECK_FALSE(expect.empty());
        CHECK_THAT(r.err, Catch::Contains(expect));
        CHECK_FALSE(fs::exists(out));
        CHECK(vplab("check " + entry.path().string()).code == 2);
    }
    CHECK(files >= 8);
}

TEST_CASE("bad command-line input exits 2 with a clear message") {
    const result unknown_key = vplab("run scenarios/demo/copy.yaml --set workload.byte=1 --out " +
                                     (scratch() / "x").string());
    CHECK(unknown_key.code == 2);
    CHECK_THAT(unknown_key.err, Catch::Contains("--set workload.byte=1") && Catch::Contains("workload.bytes"));
    CHECK_FALSE(fs::exists(scratch() / "x"));
    const result buffer = vplab("run scenarios/demo/copy.yaml --set workload.dst_offset=2MiB");
    CHECK(buffer.code == 2);
    CHECK_THAT(buffer.err, Catch::Contains("workload.dst_offset") && Catch::Contains("demo.ram.size"));
    CHECK(vplab("run no/such/file.yaml").code == 2);
    CHECK(vplab("frobnicate").code == 2);
    CHECK(vplab("run --no-such-option").code == 2);
    CHECK(vplab("").code == 2);
    CHECK(vplab("regs nosuch").code == 2);
}

TEST_CASE("check validates without simulating and --dump-config round-trips") {
    const result ok = vplab("check scenarios/demo/compare_bursts.yaml");
    CHECK(ok.code == 0);
    CHECK_THAT(ok.out, Catch::Contains("ok") && Catch::Contains("3 variants"));
    const result dump = vplab("run scenarios/demo/copy.yaml --dump-config --set demo.dma.burst_bytes=256");
    REQUIRE(dump.code == 0);
    CHECK_THAT(dump.out, Catch::Contains("burst_bytes: 256"));
    const fs::path file = scratch() / "dumped.yaml";
    std::ofstream(file) << dump.out;
    const result again = vplab("run " + file.string() + " --dump-config");
    CHECK(again.code == 0);
    CHECK(again.out == dump.out);
}

TEST_CASE("list names the platforms and shipped scenarios and regs prints a register map") {
    const result list = vplab("list");
    CHECK(list.code == 0);
    CHECK_THAT(list.out, Catch::Contains("demo") && Catch::Contains("scenarios/demo/copy.yaml"));
    const result regs = vplab("regs demo");
    CHECK(regs.code == 0);
    CHECK_THAT(regs.out, Catch::Contains("IRQ_STATUS") && Catch::Contains("W1C"));
}

TEST_CASE("run with no scenario runs every platform's built-in default and prints one table") {
    const fs::path out = scratch() / "default";
    const result r = vplab("run --out " + out.string());
    INFO(r.err);
    CHECK(r.code == 0);
    CHECK_THAT(r.out, Catch::Contains("platform") && Catch::Contains("demo"));
    const auto doc = results_at(out);
    CHECK(doc["verified"] == true);
    CHECK(doc["platforms"].contains("demo"));
}

TEST_CASE("run with --vcd and --txn-log writes the trace files") {
    const fs::path vcd = scratch() / "trace.vcd", log = scratch() / "txn.log";
    const result r = vplab("run scenarios/demo/copy.yaml -q --out " + (scratch() / "t").string() + " --vcd " +
                           vcd.string() + " --txn-log " + log.string());
    REQUIRE(r.code == 0);
    CHECK_THAT(slurp(vcd), Catch::Contains("dma_irq"));
    CHECK_THAT(slurp(log), Catch::Contains("dma") && Catch::Contains("TLM_OK_RESPONSE"));
}

TEST_CASE("run with several scenarios writes each under OUT and stops before running when one is bad") {
    const fs::path out = scratch() / "several";
    const result ok = vplab("run scenarios/demo/copy.yaml scenarios/demo/compare_bursts.yaml -q --out " + out.string());
    INFO(ok.err);
    CHECK(ok.code == 0);
    CHECK(results_at(out / "copy")["scenario"] == "copy");
    CHECK(results_at(out / "compare_bursts")["variants"].size() == 3);
    const fs::path bad_out = scratch() / "several-bad";
    const result bad = vplab("run scenarios/demo/copy.yaml testbenches/data/bad/unknown_key.yaml --out " +
                             bad_out.string());
    CHECK(bad.code == 2);
    CHECK_FALSE(fs::exists(bad_out));
    CHECK(vplab("check scenarios/demo/copy.yaml scenarios/demo/compare_bursts.yaml").code == 0);
}
