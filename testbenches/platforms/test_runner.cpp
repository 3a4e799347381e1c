// Runner pieces that need no simulation: cross-variant metrics and the results document.
#include <catch2/catch.hpp>
#include <runner/results.h>

using namespace vplab;
using platforms::variant_result;

namespace {

config::scenario two_variants() {
    config::schema s;
    config::add_common_params(s);
    config::values v(s);
    v.assign("platform", "demo", {"test", 0, 0});
    config::scenario sc;
    sc.name = "pair";
    sc.platform = "demo";
    sc.variants = {{"base", v}, {"fast", v}};
    return sc;
}

std::vector<variant_result> finished(double base_ns, double fast_ns) {
    std::vector<variant_result> r(2);
    r[0].name = "base";
    r[1].name = "fast";
    for (auto* x : {&r[0], &r[1]}) {
        x->status = variant_result::state::ok;
        x->outcome.verified = true;
    }
    r[0].outcome.metrics["time_ns"] = base_ns;
    r[1].outcome.metrics["time_ns"] = fast_ns;
    return r;
}

platforms::platform_def speedup_platform() {
    platforms::platform_def def;
    def.compare = [](const std::vector<platforms::compared_variant>& vs) {
        std::map<std::string, nlohmann::json> out;
        const double base = vs.front().outcome.metrics["time_ns"];
        for (const auto& v : vs) out[v.name]["speedup"] = base / v.outcome.metrics["time_ns"].get<double>();
        return out;
    };
    return def;
}

} // namespace

TEST_CASE("compare metrics are merged into each variant's metrics") {
    const auto sc = two_variants();
    auto results = finished(300, 100);
    platforms::add_compare_metrics(speedup_platform(), sc, results);
    CHECK(results[0].outcome.metrics["speedup"] == 1.0);
    CHECK(results[1].outcome.metrics["speedup"] == 3.0);
    CHECK(results[1].outcome.metrics["time_ns"] == 100.0);
    const auto doc = platforms::results_document(sc, results, 0.5);
    CHECK(doc["metrics"]["fast"]["speedup"] == 3.0);
    CHECK(doc["variants"][1]["name"] == "fast");
    CHECK(doc["verified"] == true);
}

TEST_CASE("compare metrics are skipped when a variant did not run") {
    const auto sc = two_variants();
    auto results = finished(300, 100);
    results[1].status = variant_result::state::failed;
    platforms::add_compare_metrics(speedup_platform(), sc, results);
    CHECK_FALSE(results[0].outcome.metrics.contains("speedup"));
    CHECK_FALSE(platforms::results_document(sc, results, 0.5)["verified"].get<bool>());
}
