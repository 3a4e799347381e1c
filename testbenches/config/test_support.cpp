#include "test_support.h"

namespace vplab::config::test {

const char* const demo_base = "platform: demo\nworkload:\n  pattern: 3\n";

const schema& demo_schema() {
    static const schema s = [] {
        schema d;
        add_common_params(d);
        d.bytes("demo.ram.size", "1MiB", "size of the RAM", 4 * 1024.0, 1024.0 * 1024 * 1024);
        d.unsigned_("demo.dma.burst_bytes", 64, "largest DMA burst", 4, 4096);
        d.choice("demo.dma.mode", "fast", {"fast", "exact"}, "how the DMA times its bursts");
        d.boolean("demo.dma.enabled", true, "whether the DMA engine exists");
        d.time("demo.clock_period", "1ns", "period of the device clock", 1, 1e6);
        d.real("demo.gain", 1.0, "analogue gain", -100, 100);
        d.integer("demo.offset", 0, "signed offset added to each sample", -1000, 1000);
        d.bytes("workload.bytes", "4KiB", "bytes the workload moves");
        d.string("workload.label", "", "label printed with the results");
        d.add({"workload.pattern", kind::unsigned_, "", "access pattern number", true, {}, {}, {}});
        return d;
    }();
    return s;
}

namespace {

const schema& tiny_schema() {
    static const schema s = [] {
        schema t;
        add_common_params(t);
        t.unsigned_("tiny.lanes", 4, "number of lanes", 1, 64);
        return t;
    }();
    return s;
}

} // namespace

schema_lookup lookup() {
    return [](const std::string& platform) -> const schema* {
        if (platform == "demo")
            return &demo_schema();
        if (platform == "tiny")
            return &tiny_schema();
        return nullptr;
    };
}

platform_names names() {
    return [] { return std::vector<std::string>{"demo", "tiny"}; };
}

scenario load(const std::string& text, const std::vector<std::string>& overrides) {
    return load_scenario_text(text, "mem/demo.yaml", overrides, lookup(), names());
}

std::string error_of(const std::string& text, const std::vector<std::string>& overrides) {
    try {
        load(text, overrides);
    } catch (const input_error& e) {
        return e.what();
    }
    return {};
}

} // namespace vplab::config::test
