// The GPU fabric model through its registers and driver: transfer timing and fair sharing, the ring and hierarchical
// all-reduces against their alpha-beta formulas, compute timing, the per-device blocks, refused operations, the
// interrupt, faults and trace parsing.
#include <catch2/catch.hpp>
#include <core/config/input_error.h>
#include <drivers/spantrain/fabric_driver.h>
#include <gpufabric/bandwidth_trace.h>
#include <spantrain/collectives.h>
#include <spantrain/spantrain_top.h>
#include <sstream>

using namespace vplab;
using namespace vplab::regs::gpufabric;
namespace gf = vplab::models::gpufabric;

namespace {

gf::fabric_spec two_sites() {
    gf::fabric_spec s;
    s.sites = {{"a", 1, 1, gf::find_gpu_preset("rtx3090")}, {"b", 1, 2, gf::find_gpu_preset("rtx3090")}};
    s.wan = {{0, 1, 12.5e6, 20e-3}};  // 100 Mbit/s, 20 ms
    return s;
}

struct fabric_bench {
    gf::fabric_spec spec;
    platforms::spantrain_top top;
    explicit fabric_bench(const gf::fabric_spec& s)
        : spec(s), top("top", s, 0x20000000, sc_core::sc_time(1, sc_core::SC_NS)) {}
    void run(std::function<void(hal::mmio&, drivers::fabric_driver&)> firmware, double limit_s = 100) {
        top.cpu.load([this, firmware](hal::mmio& bus) {
            drivers::fabric_driver f(bus, top.fabric_base(), platforms::spantrain_top::fabric_irq_line);
            REQUIRE(f.probe());
            firmware(bus, f);
        });
        sc_core::sc_start(sc_core::sc_time(limit_s, sc_core::SC_SEC));
        REQUIRE(top.cpu.finished());
        REQUIRE(top.cpu.failure().empty());
    }
};

double seconds(const drivers::fabric_driver::completion& c) { return (c.end_ns - c.start_ns) * 1e-9; }

drivers::fabric_driver::completion wait_one(drivers::fabric_driver& f) {
    drivers::fabric_driver::completion c;
    REQUIRE(f.wait_completions(&c, 1, 1000000000000ull) == 1);
    return c;
}

} // namespace

TEST_CASE("spantrain: a transfer takes latency plus bytes over bandwidth, and a shared uplink splits fairly") {
    fabric_bench b(two_sites());
    const double lat = b.spec.port_lat_s + b.spec.lan_lat_s + 20e-3;
    double alone = 0, first = 0, second = 0;
    b.run([&](hal::mmio&, drivers::fabric_driver& f) {
        REQUIRE(f.send(0, 1, 12500000, 7) == error_none);
        const auto c = wait_one(f);
        CHECK(c.tag == 7);
        CHECK(c.status == error_none);
        alone = seconds(c);
        REQUIRE(f.send(0, 1, 12500000, 1) == error_none);
        REQUIRE(f.send(0, 2, 12500000, 2) == error_none);
        drivers::fabric_driver::completion both[2];
        std::size_t got = 0;
        while (got < 2) got += f.wait_completions(both + got, 2 - got, 1000000000000ull);
        first = seconds(both[0]);
        second = seconds(both[1]);
    });
    CHECK(alone == Approx(lat + 1.0).epsilon(1e-6));
    CHECK(first == Approx(lat + 2.0).epsilon(1e-3));  // the site pair's WAN link is shared by both
    CHECK(second == Approx(lat + 2.0).epsilon(1e-3));
    nlohmann::json stats;
    b.top.fabric.report_stats(stats);
    CHECK(stats["wan_bytes"].get<double>() == Approx(3 * 12.5e6));
    CHECK(stats["kernel_events"].get<double>() < 30);  // events per start and finish, not per packet
}

TEST_CASE("spantrain: the fabric's ring all-reduce matches 2(k-1) lat + 2(k-1)/k n/bw") {
    gf::fabric_spec s;
    s.sites = {{"x", 1, 4, gf::find_gpu_preset("a100")}};
    fabric_bench b(s);
    double took = 0;
    b.run([&](hal::mmio&, drivers::fabric_driver& f) {
        const unsigned devs[] = {0, 1, 2, 3};
        REQUIRE(f.define_set(1, devs, 4) == error_none);
        REQUIRE(f.allreduce(1, 1000000000, 3) == error_none);
        took = seconds(wait_one(f));
    });
    const double expected = spantrain::ring_allreduce_s(1e9, 4, {s.port_lat_s, s.port_bw_Bps});
    CHECK(took == Approx(expected).epsilon(1e-6));
}

TEST_CASE("spantrain: the fabric's hierarchical all-reduce matches its two-level alpha-beta formula") {
    // Two sites of one server with 3 GPUs: reduce-scatter over each server's ports, then 3 rings of 2 across the
    // sites, all three sharing each direction's WAN link, then all-gather.
    gf::fabric_spec s;
    s.sites = {{"a", 1, 3, gf::find_gpu_preset("a100")}, {"b", 1, 3, gf::find_gpu_preset("a100")}};
    s.wan = {{0, 1, 125e6, 15e-3}};
    fabric_bench b(s);
    const double n = 3e8;
    double took = 0, flat = 0, wan_hier = 0;
    std::vector<std::uint32_t> refused;
    b.run([&](hal::mmio&, drivers::fabric_driver& f) {
        const unsigned devs[] = {0, 1, 2, 3, 4, 5};
        REQUIRE(f.define_set(1, devs, 6) == error_none);
        refused.push_back(f.allreduce_hierarchical(1, 4, 100, 0));  // 4 does not divide 6
        refused.push_back(f.allreduce_hierarchical(1, 0, 100, 0));
        REQUIRE(f.allreduce_hierarchical(1, 3, static_cast<std::uint64_t>(n), 1) == error_none);
        took = seconds(wait_one(f));
        nlohmann::json stats;
        b.top.fabric.report_stats(stats);
        wan_hier = stats["wan_bytes"].get<double>();
        REQUIRE(f.allreduce(1, static_cast<std::uint64_t>(n), 2) == error_none);
        flat = seconds(wait_one(f));
    });
    CHECK(refused == std::vector<std::uint32_t>{error_bad_group, error_bad_group});
    const spantrain::link_ab intra{s.port_lat_s, s.port_bw_Bps};
    const spantrain::link_ab inter{s.port_lat_s + s.lan_lat_s + 15e-3, 125e6 / 3};
    CHECK(took == Approx(spantrain::hierarchical_allreduce_s(n, 3, 2, intra, inter)).epsilon(1e-6));
    // Across the WAN only the shards move: 2(g-1)/g of n per direction, against 2(p-1)/p n per crossing hop of a
    // flat ring over all six devices.
    CHECK(wan_hier == Approx(2 * spantrain::hierarchical_inter_bytes(n, 3, 2) * 3));
    CHECK(took < flat);
}

TEST_CASE("spantrain: a compute op takes FLOPs over peak times efficiency on every device of its set") {
    fabric_bench b(two_sites());
    double took = 0;
    std::uint64_t busy = 0, flops = 0;
    b.run([&](hal::mmio&, drivers::fabric_driver& f) {
        const unsigned devs[] = {1, 2};
        REQUIRE(f.define_set(2, devs, 2) == error_none);
        REQUIRE(f.compute(2, 1000000000000ull, phase_f, 1) == error_none);
        REQUIRE(f.compute(2, 1000000000000ull, phase_b, 2) == error_none);  // queues behind the first
        const auto c1 = wait_one(f);
        const auto c2 = wait_one(f);
        took = seconds(c1);
        CHECK(c2.start_ns == c1.end_ns);
        const auto d = f.device(2);
        busy = d.busy_ns;
        flops = d.flops;
        CHECK(d.stall_ns > 0);
        CHECK(d.memory_mib == 22888);  // 24 GB
    });
    const double expected = gf::compute_seconds(gf::find_gpu_preset("rtx3090"), 1e12);
    CHECK(took == Approx(expected).epsilon(1e-6));
    CHECK(busy == Approx(2 * expected * 1e9).epsilon(1e-6));
    CHECK(flops == 2000000000000ull);
}

TEST_CASE("spantrain: each device's block has its counters, a compute doorbell, its completions and interrupt") {
    fabric_bench b(two_sites());
    const double flops = 3e12;
    double took = 0;
    std::uint64_t busy0 = 1, busy1 = 0;
    std::uint32_t fabric_cpls = 1, other_cpls = 1, refused = 0, dev0_irq = 0;
    std::uint32_t irq_with = 0, next_with = 0, irq_after = 0, next_after = 0, dev2_irq = 0;
    b.run([&](hal::mmio& bus, drivers::fabric_driver& f) {
        const std::uint64_t base = b.top.fabric_base();
        auto dev = [&](unsigned d, std::uint64_t off) { return base + DEV_BLOCK + d * DEV_STRIDE + off; };
        REQUIRE(f.compute_on_device(1, static_cast<std::uint64_t>(flops), phase_f, 42) == error_none);
        drivers::fabric_driver::completion c;
        REQUIRE(f.wait_device_completion(1, c, 1000000000000ull));
        CHECK(c.tag == 42);
        CHECK(c.status == error_none);
        took = seconds(c);
        fabric_cpls = bus.read32(base + CPL_COUNT);
        other_cpls = bus.read32(dev(0, D_CPL_COUNT));
        busy0 = f.device(0).busy_ns;
        busy1 = f.device(1).busy_ns;
        // Device 2's completion raises its own status, summarised in the fabric's IRQ_STATUS.DEVICE.
        REQUIRE(f.compute_on_device(2, 1000000, phase_f, 7) == error_none);
        REQUIRE(bus.wait_irq(platforms::spantrain_top::fabric_irq_line, 1000000000000ull));
        irq_with = bus.read32(base + IRQ_STATUS);
        next_with = bus.read32(base + DEV_IRQ_NEXT);
        dev2_irq = bus.read32(dev(2, D_IRQ_STATUS));
        bus.write32(dev(2, D_CPL_POP), 1);
        bus.write32(dev(2, D_IRQ_STATUS), IRQ_DONE | IRQ_ERROR);
        bus.write32(base + IRQ_STATUS, IRQ_MASK);
        irq_after = bus.read32(base + IRQ_STATUS);
        next_after = bus.read32(base + DEV_IRQ_NEXT);
        refused = f.compute_on_device(0, 0, phase_f, 0);
        dev0_irq = bus.read32(dev(0, D_IRQ_STATUS));
    });
    CHECK(took == Approx(gf::compute_seconds(gf::find_gpu_preset("rtx3090"), flops)).epsilon(1e-6));
    CHECK(fabric_cpls == 0);
    CHECK(other_cpls == 0);
    CHECK(busy0 == 0);
    CHECK(busy1 * 1e-9 == Approx(took).epsilon(1e-6));
    CHECK((irq_with & IRQ_DEVICE) != 0);
    CHECK(next_with == 2);
    CHECK(dev2_irq == IRQ_DONE);
    CHECK(irq_after == 0);
    CHECK(next_after == no_device);
    CHECK(refused == error_zero_amount);
    CHECK(dev0_irq == IRQ_ERROR);
}

TEST_CASE("spantrain: a route query walks the links between two devices and shows their speeds") {
    fabric_bench b(two_sites());
    std::vector<unsigned> hops(8, 0), tiers;
    std::size_t count = 0;
    unsigned narrowest = 0, wan = 0;
    double wan_Bps = 0, port_Bps = 0;
    b.run([&](hal::mmio&, drivers::fabric_driver& f) {
        count = f.route_links(0, 1, hops.data(), hops.size());
        for (std::size_t i = 0; i < count; ++i) tiers.push_back(f.link(hops[i]).tier);
        narrowest = f.route_link(0, 1);
        wan = hops[2];
        wan_Bps = f.link_capacity_Bps(wan);
        port_Bps = f.link_capacity_Bps(hops[0]);
        CHECK(f.route_links(1, 2, hops.data(), hops.size()) == 2);  // the same server: two ports
        CHECK(f.route_links(1, 1, hops.data(), hops.size()) == 0);  // no route to itself
    });
    REQUIRE(count == 5);
    CHECK(tiers == std::vector<unsigned>{tier_port, tier_nic, tier_wan, tier_nic, tier_port});
    CHECK(narrowest == wan);
    CHECK(wan_Bps == Approx(12.5e6));
    CHECK(port_Bps == Approx(b.spec.port_bw_Bps));
}

TEST_CASE("spantrain: bad operations are refused with their error code and nothing runs") {
    fabric_bench b(two_sites());
    std::vector<std::uint32_t> codes;
    b.run([&](hal::mmio& bus, drivers::fabric_driver& f) {
        const std::uint64_t base = b.top.fabric_base();
        bus.write32(base + OP_KIND, 9);
        bus.write64(base + OP_AMOUNT, 10);
        bus.write32(base + DOORBELL, 1);
        codes.push_back(bus.read32(base + ERROR));
        codes.push_back(f.compute(5, 100, phase_f, 0));             // empty set
        codes.push_back(f.compute(64, 100, phase_f, 0));            // no such set
        codes.push_back(f.send(0, 0, 100, 0));                      // to itself
        codes.push_back(f.send(0, 3, 100, 0));                      // no device 3
        codes.push_back(f.send(0, 1, 0, 0));                        // nothing to send
        const unsigned bad[] = {7};
        codes.push_back(f.define_set(1, bad, 1));
        CHECK(bus.read32(base + CPL_COUNT) == 0);
        CHECK((bus.read32(base + STATUS) & STATUS_BUSY) == 0);
        CHECK(bus.read32(base + IRQ_STATUS) == IRQ_ERROR);
    });
    CHECK(codes == std::vector<std::uint32_t>{error_bad_kind, error_bad_set, error_bad_set, error_bad_device,
                                              error_bad_device, error_zero_amount, error_bad_device});
    nlohmann::json stats;
    b.top.fabric.report_stats(stats);
    CHECK(stats["compute_ops"] == 0);
    CHECK(stats["send_ops"] == 0);
}

TEST_CASE("spantrain: the interrupt follows IRQ_STATUS and IRQ_EN; W1C and CPL_POP acknowledge it") {
    fabric_bench b(two_sites());
    std::vector<bool> seen;
    b.run([&](hal::mmio& bus, drivers::fabric_driver& f) {
        const std::uint64_t base = b.top.fabric_base();
        bus.write32(base + CTRL, 0);
        REQUIRE(f.send(1, 2, 1000, 1) == error_none);
        seen.push_back(bus.wait_irq(0, 100000000));                 // disabled: no interrupt
        seen.push_back(bus.read32(base + IRQ_STATUS) == IRQ_DONE);
        bus.write32(base + CTRL, CTRL_IRQ_EN);
        seen.push_back(bus.wait_irq(0, 10));
        bus.write32(base + IRQ_STATUS, IRQ_DONE);                   // an entry is still queued: DONE stays
        seen.push_back(bus.read32(base + IRQ_STATUS) == IRQ_DONE);
        bus.write32(base + CPL_POP, 1);
        seen.push_back(bus.wait_irq(0, 10));
        seen.push_back(bus.read32(base + CPL_COUNT) == 0);
    });
    CHECK(seen == std::vector<bool>{false, true, true, true, false, true});
}

TEST_CASE("spantrain: a lost device fails its work and a downed WAN link fails its transfers") {
    gf::fabric_spec s = two_sites();
    s.faults = {{gf::fault_spec::kind::device_lost, 0.5, 1, 0}, {gf::fault_spec::kind::link_down, 0.5, 0, 1}};
    fabric_bench b(s);
    std::vector<std::uint32_t> status;
    bool alive = true;
    std::uint32_t faults = 0;
    b.run([&](hal::mmio&, drivers::fabric_driver& f) {
        const unsigned one[] = {1};
        REQUIRE(f.define_set(1, one, 1) == error_none);
        REQUIRE(f.compute(1, 100000000000000ull, phase_f, 1) == error_none);  // seconds of work
        REQUIRE(f.send(0, 2, 125000000, 2) == error_none);                  // 10 s over the WAN
        status.push_back(wait_one(f).status);
        status.push_back(wait_one(f).status);
        REQUIRE(f.compute(1, 1000, phase_f, 3) == error_none);               // accepted, fails at once
        status.push_back(wait_one(f).status);
        REQUIRE(f.send(2, 0, 1000, 4) == error_none);
        status.push_back(wait_one(f).status);
        alive = f.device(1).alive;
        faults = f.faults();
        CHECK_FALSE(f.link(f.route_link(0, 2)).up);
    });
    std::sort(status.begin(), status.begin() + 2);
    CHECK(status == std::vector<std::uint32_t>{error_device_lost, error_link_down, error_device_lost, error_link_down});
    CHECK_FALSE(alive);
    CHECK(faults == 2);
}

TEST_CASE("spantrain: a send to or from a lost device fails as a lost device, not as a downed link") {
    gf::fabric_spec s = two_sites();
    s.faults = {{gf::fault_spec::kind::device_lost, 0.5, 1, 0}};
    fabric_bench b(s);
    std::vector<std::uint32_t> status;
    bool link_up = false;
    b.run([&](hal::mmio&, drivers::fabric_driver& f) {
        REQUIRE(f.send(0, 1, 125000000, 1) == error_none);  // 10 s on 100 Mbit/s: in flight when device 1 is lost
        status.push_back(wait_one(f).status);
        REQUIRE(f.send(1, 0, 1000, 2) == error_none);
        status.push_back(wait_one(f).status);
        link_up = f.link(f.route_link(0, 1)).up;
    });
    CHECK(status == std::vector<std::uint32_t>{error_device_lost, error_device_lost});
    CHECK(link_up);
}

TEST_CASE("spantrain: the probe times a small and a large transfer between two devices") {
    fabric_bench b(two_sites());
    drivers::fabric_driver::probe_result r;
    b.run([&](hal::mmio&, drivers::fabric_driver& f) { r = f.run_probe(0, 1, 1000, 4000000, 1000000000000ull); });
    REQUIRE(r.ok);
    const double lat = b.spec.port_lat_s + b.spec.lan_lat_s + 20e-3;
    CHECK(r.small_ns * 1e-9 == Approx(lat + 1000 / 12.5e6).epsilon(1e-4));
    CHECK(r.large_ns * 1e-9 == Approx(lat + 4e6 / 12.5e6).epsilon(1e-4));
}

TEST_CASE("spantrain: a replayed trace changes a WAN link's bandwidth at its time") {
    gf::fabric_spec s = two_sites();
    std::istringstream csv("t_s,src,dst,bandwidth_mbps,latency_ms\n0,a,b,50,20\n");
    s.trace = gf::parse_bandwidth_trace(csv, "trace.csv", s.sites);
    REQUIRE(s.trace.size() == 1);
    fabric_bench b(s);
    double took = 0;
    b.run([&](hal::mmio&, drivers::fabric_driver& f) {
        REQUIRE(f.send(0, 1, 12500000, 1) == error_none);
        took = seconds(wait_one(f));
    });
    CHECK(took == Approx(b.spec.port_lat_s + b.spec.lan_lat_s + 20e-3 + 2.0).epsilon(1e-6));
}

TEST_CASE("spantrain: every malformed trace line is reported as file:line") {
    const std::vector<gf::site_spec> sites{{"a", 1, 1, {}}, {"b", 1, 1, {}}};
    std::istringstream csv("t_s,src,dst,bandwidth_mbps,latency_ms\n"
                           "0,a,b,100,20\n"
                           "1,a,mars,100,20\n"
                           "x,a,b,100,20\n"
                           "2,a,b,-5,20\n"
                           "3,a,b,100\n"
                           "0.5,a,b,100,20\n"
                           "4,a,a,100,20\n");
    try {
        gf::parse_bandwidth_trace(csv, "links.csv", sites);
        FAIL("no error");
    } catch (const config::input_error& e) {
        const std::string msg = e.what();
        const auto& p = e.problems();
        REQUIRE(p.size() == 6);
        CHECK(p[0].str().find("links.csv:3") != std::string::npos);
        CHECK(p[0].message.find("unknown site 'mars'") != std::string::npos);
        CHECK(p[1].str().find("links.csv:4") != std::string::npos);
        CHECK(p[2].message.find("bandwidth_mbps") != std::string::npos);
        CHECK(p[3].message.find("expected 5 columns") != std::string::npos);
        CHECK(p[4].message.find("earlier than the line before") != std::string::npos);
        CHECK(p[5].message.find("same site") != std::string::npos);
    }
}
