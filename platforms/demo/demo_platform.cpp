#include "demo_platform.h"

#include "demo_top.h"

#include <apps/demo/copy_app.h>
#include <core/hex.h>
#include <runner/session.h>

namespace vplab::platforms {

namespace {

void declare(config::schema& s) {
    s.unsigned_("demo.ram.base", 0x80000000ull, "bus address of the RAM")
        .bytes("demo.ram.size", "1MiB", "RAM size", 4096, 1ull << 30)
        .time("demo.ram.read_latency", "10ns", "RAM latency per read access (and per 64-byte line of a block copy)")
        .time("demo.ram.write_latency", "10ns", "RAM latency per write access (and per 64-byte line)")
        .unsigned_("demo.dma.base", 0x10000000ull, "bus address of the DMA-copy device's registers")
        .unsigned_("demo.dma.burst_bytes", 64, "bytes per DMA bus transaction", 4, 4096)
        .time("demo.dma.clock", "1ns", "DMA datapath clock period", 1)
        .unsigned_("demo.dma.bytes_per_cycle", 16, "DMA datapath width in bytes per clock", 1, 4096)
        .bytes("demo.dma.max_bytes", "16MiB", "largest copy the device accepts", 1, 0xffffffffull)
        .time("demo.cpu.access_cost", "1ns", "host CPU time per register access, on top of the bus latency")
        .bytes("workload.bytes", "4KiB", "bytes per copy", 0, 0xffffffffull)
        .bytes("workload.src_offset", "0", "source buffer offset in RAM")
        .bytes("workload.dst_offset", "512KiB", "destination buffer offset in RAM")
        .unsigned_("workload.repeat", 1, "copies in a row", 1, 1000000)
        .time("workload.timeout", "1ms", "how long the firmware waits for each interrupt", 1);
}

const char* const default_scenario = R"(name: demo
platform: demo
workload:
  bytes: 64KiB
  repeat: 4
)";

// Buffers must lie inside the RAM: a scenario that puts them elsewhere is bad input, not a device error.
void check_buffers(const config::values& v) {
    const std::uint64_t ram = v.bytes("demo.ram.size"), n = v.bytes("workload.bytes");
    for (const char* key : {"workload.src_offset", "workload.dst_offset"}) {
        const std::uint64_t off = v.bytes(key);
        if (off > ram || n > ram - off)
            throw config::input_error({{v.where(key), key,
                                        "buffer [" + std::to_string(off) + ", +" + std::to_string(n) +
                                            ") does not fit in demo.ram.size (" + std::to_string(ram) + " bytes)"}});
    }
}

run_outcome run(const run_context& ctx) {
    const config::values& v = ctx.params;
    session s(ctx);
    demo_top top("demo", v);
    top.trace(s.vcd());
    s.log_transactions(top.bus);

    apps::copy_app_params app;
    app.device_base = top.dma_base();
    app.irq_line = demo_top::dma_irq_line;
    app.src = top.ram_base() + v.bytes("workload.src_offset");
    app.dst = top.ram_base() + v.bytes("workload.dst_offset");
    app.bytes = static_cast<std::uint32_t>(v.bytes("workload.bytes"));
    app.repeat = static_cast<std::uint32_t>(v.unsigned_("workload.repeat"));
    app.seed = ctx.seed;
    app.timeout_ns = v.time_ps("workload.timeout") / 1000;

    apps::app_report report;
    top.cpu.load([&](hal::mmio& bus) { report = apps::run_copy_app(bus, app); });
    return s.run(top.cpu, report);
}

void print_regs(std::ostream& os) {
    config::schema schema = platform_schema("demo");
    config::values v(schema);
    demo_top top("demo", v);
    os << "dma (" << top.dma.name() << ") at " << core::hex(top.dma_base()) << ", interrupt line "
       << demo_top::dma_irq_line << "\n";
    top.dma.registers().print(os, top.dma_base());
}

} // namespace

const platform_def& demo_platform() {
    static const platform_def def{"demo",
                                  "host CPU + router + RAM + a DMA-copy device with an interrupt (reference platform)",
                                  "available",
                                  declare,
                                  default_scenario,
                                  check_buffers,
                                  run,
                                  print_regs};
    return def;
}

} // namespace vplab::platforms
