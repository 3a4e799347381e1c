#pragma once
// The network-of-GPUs fabric as one memory-mapped device: GPUs with their compute engines, the link resources of
// the three tiers with fair sharing, bandwidth fluctuation and faults, and an operation engine the host drives
// through registers (gpufabric_regs.h): the fabric block for operations over device sets and links, and one block
// per device with its counters and its own compute queue (gpu_fabric_device_regs.cpp). Event-driven: one kernel
// event per compute finish, transfer start/finish and bandwidth change; never per packet or per clock.

#include "fabric_spec.h"
#include "flow_network.h"
#include "gpufabric_regs.h"

#include <core/peripheral.h>
#include <deque>
#include <functional>
#include <map>
#include <queue>
#include <random>
#include <set>
#include <vector>

namespace vplab::models::gpufabric {

class gpu_fabric : public core::peripheral {
public:
    sc_core::sc_out<bool> irq;

    gpu_fabric(sc_core::sc_module_name name, const fabric_spec& spec);

    void reset() override;
    void report_stats(nlohmann::json& out) const override;

    unsigned devices() const { return static_cast<unsigned>(m_devices.size()); }
    const flow_network& network() const { return m_net; }
    // Route of a transfer between two devices: its link resources and one-way latency.
    std::vector<unsigned> route(unsigned src, unsigned dst) const;
    double route_latency(unsigned src, unsigned dst) const;
    std::uint64_t kernel_events() const { return m_events; }

private:
    struct device {
        gpu_preset gpu;
        unsigned site = 0, server = 0;  // server: index within the fabric
        bool alive = true;
        bool running = false;
        struct job {
            unsigned op;
            double flops;
            double queued_at;
        };
        std::deque<job> queue;
        double busy_s = 0, stall_s = 0, flops = 0;
        unsigned port_out = 0, port_in = 0;
    };
    struct operation {
        std::uint32_t tag = 0;
        unsigned pending = 0;
        std::uint32_t error = regs::gpufabric::error_none;
        double start = -1, end = 0;
        bool done = false;
        // all-reduce state: `ring` is groups of `group` devices (one group: a flat ring)
        std::vector<unsigned> ring;
        unsigned group = 0;
        double bytes = 0;
        unsigned step = 0, steps = 0;
        // probe state
        unsigned src = 0, dst = 0;
        double large = 0;
        int device_queue = -1;  // a job rung on a device block completes there, not in the fabric's queue
    };
    struct completion {
        std::uint32_t tag, status;
        std::uint64_t start_ns, end_ns;
    };
    // One device's own registers (gpufabric_regs.h, D_*): counters, compute queue, completion queue, interrupt.
    struct device_block {
        device_block(core::register_bank& bank, unsigned d);
        core::reg busy, stall, flops, state, memory, location, queued;
        core::reg op_flops, op_phase, op_tag, doorbell, op_result;
        core::reg ctrl, irq_status, cpl_count, cpl_tag, cpl_status, cpl_start, cpl_end, cpl_pop;
        std::deque<completion> completions;
    };
    struct timed_action {
        std::uint64_t at_ps;
        std::uint64_t seq;
        std::function<void()> fn;
        bool operator>(const timed_action& o) const { return at_ps != o.at_ps ? at_ps > o.at_ps : seq > o.seq; }
    };
    struct wan_state {
        unsigned resource = 0;
        double base_Bps = 0;
        double x = 0;                 // AR(1) state
        double dip_until = -1, dip_factor = 1;
        double outage_until = -1;
        std::mt19937_64 rng;
    };

    void build(const fabric_spec& spec);
    double now() const;
    void at(double t_s, std::function<void()> fn);
    void wakeup();
    void reschedule_network();

    void doorbell();
    void refuse(std::uint32_t error);
    unsigned new_op(std::uint32_t tag);
    void op_part_done(unsigned op, std::uint32_t error);
    void finish_op(unsigned op);
    void start_compute(unsigned op, const std::vector<unsigned>& set, double flops);
    void run_next_job(unsigned dev);
    // One stream per ordered device pair, as one connection: its messages take the links one after another (data
    // serialised back to back), and each is delivered one route latency after its last byte left. `done` gets
    // error_none, error_device_lost (an endpoint is lost) or error_link_down (a link on the route is down).
    void transfer(unsigned src, unsigned dst, double bytes, std::function<void(std::uint32_t)> done);
    void start_stream(unsigned src, unsigned dst);
    void start_allreduce(unsigned op, const std::vector<unsigned>& set, unsigned group, double bytes);
    // Every step is a barrier: all its transfers move at once and the next step starts when the last one arrived.
    void allreduce_step(unsigned op);
    void fluctuate(size_t wan_index);
    void apply_fault(const fault_spec& f);
    void wire_device_block(unsigned d);
    void device_doorbell(unsigned d);
    // Recomputes the device's pending interrupt and the fabric's IRQ_STATUS.DEVICE summary of all devices.
    void update_device_irq(unsigned d);
    void update_irq();
    void drive_irq();
    // A select register beyond the last device or link shows entry 0 rather than faulting.
    static std::uint64_t select_counter(std::uint64_t value, size_t limit) { return value < limit ? value : 0; }

    fabric_spec m_spec;
    std::vector<device> m_devices;
    flow_network m_net;
    std::vector<unsigned> m_nic_up, m_nic_down;              // per server
    std::vector<unsigned> m_server_site;                     // per server
    std::vector<std::vector<int>> m_wan;                     // [site][site] -> resource, or -1
    std::vector<std::vector<double>> m_wan_lat;              // [site][site]
    std::vector<wan_state> m_wan_states;
    struct pending_transfer {
        double bytes;
        std::function<void(std::uint32_t)> done;
    };
    std::map<std::pair<unsigned, unsigned>, std::deque<pending_transfer>> m_streams;  // front: moving now
    std::vector<std::vector<unsigned>> m_sets;
    std::vector<operation> m_ops;
    std::deque<completion> m_completions;
    std::deque<device_block> m_blocks;     // per device; a deque keeps the registers where the bank points
    std::set<unsigned> m_device_irqs;      // devices whose enabled interrupt is pending
    size_t m_device_completions = 0;       // entries in all device queues
    unsigned m_in_flight = 0;
    std::priority_queue<timed_action, std::vector<timed_action>, std::greater<timed_action>> m_timeline;
    std::uint64_t m_seq = 0, m_net_generation = 0, m_events = 0, m_faults = 0;
    sc_core::sc_event m_wakeup;
    sc_core::sc_event m_irq_update;  // the line has one writer (drive_irq), whichever process changed the status
    std::uint64_t m_compute_ops = 0, m_send_ops = 0, m_allreduce_ops = 0, m_hier_allreduce_ops = 0, m_probe_ops = 0,
                  m_failed_ops = 0;

    using reg = core::reg;
    static constexpr auto ro = core::access::ro;
    static constexpr auto rw = core::access::rw;
    static constexpr auto wo = core::access::wo;
    reg m_id{m_regs, "ID", regs::gpufabric::ID, 4, regs::gpufabric::id_value, ro, 0};
    reg m_num_devices{m_regs, "NUM_DEVICES", regs::gpufabric::NUM_DEVICES, 4, 0, ro, 0};
    reg m_ctrl{m_regs, "CTRL", regs::gpufabric::CTRL, 4, 0, rw, regs::gpufabric::CTRL_IRQ_EN};
    reg m_status{m_regs, "STATUS", regs::gpufabric::STATUS, 4, 0, ro, 0};
    reg m_irq_status{m_regs, "IRQ_STATUS", regs::gpufabric::IRQ_STATUS, 4, 0, core::access::w1c,
                     regs::gpufabric::IRQ_MASK};
    reg m_error{m_regs, "ERROR", regs::gpufabric::ERROR, 4, 0, ro, 0};
    reg m_op_kind{m_regs, "OP_KIND", regs::gpufabric::OP_KIND, 4, 0, rw};
    reg m_op_phase{m_regs, "OP_PHASE", regs::gpufabric::OP_PHASE, 4, 0, rw, 3};
    reg m_op_target{m_regs, "OP_TARGET", regs::gpufabric::OP_TARGET, 4, 0, rw};
    reg m_op_peer{m_regs, "OP_PEER", regs::gpufabric::OP_PEER, 4, 0, rw};
    reg m_op_tag{m_regs, "OP_TAG", regs::gpufabric::OP_TAG, 4, 0, rw};
    reg m_op_amount{m_regs, "OP_AMOUNT", regs::gpufabric::OP_AMOUNT, 8, 0, rw};
    reg m_doorbell{m_regs, "DOORBELL", regs::gpufabric::DOORBELL, 4, 0, wo, 1};
    reg m_set_sel{m_regs, "SET_SEL", regs::gpufabric::SET_SEL, 4, 0, rw};
    reg m_set_clear{m_regs, "SET_CLEAR", regs::gpufabric::SET_CLEAR, 4, 0, wo, 1};
    reg m_set_add{m_regs, "SET_ADD", regs::gpufabric::SET_ADD, 4, 0, wo};
    reg m_set_size{m_regs, "SET_SIZE", regs::gpufabric::SET_SIZE, 4, 0, ro, 0};
    reg m_cpl_count{m_regs, "CPL_COUNT", regs::gpufabric::CPL_COUNT, 4, 0, ro, 0};
    reg m_cpl_tag{m_regs, "CPL_TAG", regs::gpufabric::CPL_TAG, 4, 0, ro, 0};
    reg m_cpl_status{m_regs, "CPL_STATUS", regs::gpufabric::CPL_STATUS, 4, 0, ro, 0};
    reg m_cpl_start{m_regs, "CPL_START_NS", regs::gpufabric::CPL_START_NS, 8, 0, ro, 0};
    reg m_cpl_end{m_regs, "CPL_END_NS", regs::gpufabric::CPL_END_NS, 8, 0, ro, 0};
    reg m_cpl_pop{m_regs, "CPL_POP", regs::gpufabric::CPL_POP, 4, 0, wo, 1};
    reg m_dev_irq_next{m_regs, "DEV_IRQ_NEXT", regs::gpufabric::DEV_IRQ_NEXT, 4, regs::gpufabric::no_device, ro, 0};
    reg m_link_count{m_regs, "LINK_COUNT", regs::gpufabric::LINK_COUNT, 4, 0, ro, 0};
    reg m_link_sel{m_regs, "LINK_SEL", regs::gpufabric::LINK_SEL, 4, 0, rw};
    reg m_link_bytes{m_regs, "LINK_BYTES", regs::gpufabric::LINK_BYTES, 8, 0, ro, 0};
    reg m_link_busy{m_regs, "LINK_BUSY_NS", regs::gpufabric::LINK_BUSY_NS, 8, 0, ro, 0};
    reg m_link_info{m_regs, "LINK_INFO", regs::gpufabric::LINK_INFO, 4, 0, ro, 0};
    reg m_route_src{m_regs, "ROUTE_SRC", regs::gpufabric::ROUTE_SRC, 4, 0, rw};
    reg m_route_dst{m_regs, "ROUTE_DST", regs::gpufabric::ROUTE_DST, 4, 0, rw};
    reg m_route_link{m_regs, "ROUTE_LINK", regs::gpufabric::ROUTE_LINK, 4, 0, ro, 0};
    reg m_route_hops{m_regs, "ROUTE_HOPS", regs::gpufabric::ROUTE_HOPS, 4, 0, ro, 0};
    reg m_route_hop_sel{m_regs, "ROUTE_HOP_SEL", regs::gpufabric::ROUTE_HOP_SEL, 4, 0, rw};
    reg m_route_hop{m_regs, "ROUTE_HOP", regs::gpufabric::ROUTE_HOP, 4, 0, ro, 0};
    reg m_link_mbps{m_regs, "LINK_MBPS", regs::gpufabric::LINK_MBPS, 4, 0, ro, 0};
    reg m_probe_small{m_regs, "PROBE_SMALL_BYTES", regs::gpufabric::PROBE_SMALL_BYTES, 4, 64, rw};
    reg m_probe_small_ns{m_regs, "PROBE_SMALL_NS", regs::gpufabric::PROBE_SMALL_NS, 8, 0, ro, 0};
    reg m_probe_large_ns{m_regs, "PROBE_LARGE_NS", regs::gpufabric::PROBE_LARGE_NS, 8, 0, ro, 0};
    reg m_fault_count{m_regs, "FAULTS", regs::gpufabric::FAULTS, 4, 0, ro, 0};
    reg m_op_result{m_regs, "OP_RESULT", regs::gpufabric::OP_RESULT, 4, 0, ro, 0};
};

} // namespace vplab::models::gpufabric
