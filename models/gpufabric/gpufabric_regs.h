#pragma once
// Register map of the GPU fabric, shared by its model and its driver. 32-bit registers unless noted; offsets from
// the fabric's base. Two kinds of blocks:
// - the fabric block (offsets below DEV_BLOCK): the host describes one operation over devices and links (compute on
//   a device set, send, all-reduce, probe) in the OP_* registers and rings DOORBELL; every finished operation
//   leaves an entry in the fabric's completion queue and raises IRQ_STATUS.DONE. Per-link counters are read through
//   a select register (LINK_SEL), as on a NIC.
// - one block per device, at DEV_BLOCK + d * DEV_STRIDE: its counters, and its own compute queue with a doorbell,
//   completion queue and interrupt status. A device interrupt shows in the fabric's IRQ_STATUS.DEVICE, which
//   drives the one interrupt line; DEV_IRQ_NEXT names the lowest device with one pending.

#include <cstdint>

namespace vplab::regs::gpufabric {

constexpr std::uint32_t id_value = 0x47505546;  // "GPUF"

constexpr std::uint64_t ID = 0x00;            // RO: id_value
constexpr std::uint64_t NUM_DEVICES = 0x04;   // RO: devices in the fabric
constexpr std::uint64_t CTRL = 0x08;          // RW: IRQ_EN
constexpr std::uint64_t STATUS = 0x0c;        // RO: BUSY (operations in flight), ERROR (last op failed)
constexpr std::uint64_t IRQ_STATUS = 0x10;    // W1C: DONE, ERROR, FAULT, DEVICE; the line is IRQ_STATUS && IRQ_EN
constexpr std::uint64_t ERROR = 0x14;         // RO: error code of the last failed or refused operation

constexpr std::uint64_t OP_KIND = 0x18;       // RW: op_kind
constexpr std::uint64_t OP_PHASE = 0x1c;      // RW: compute phase (0 F, 1 B, 2 W, 3 B+W), for the counters only
constexpr std::uint64_t OP_TARGET = 0x20;     // RW: device set (compute, all-reduce) or source device (send, probe)
constexpr std::uint64_t OP_PEER = 0x24;       // RW: destination device (send, probe), or devices per group
                                              //   (hierarchical all-reduce)
constexpr std::uint64_t OP_TAG = 0x28;        // RW: echoed in the completion entry
constexpr std::uint64_t OP_AMOUNT = 0x30;     // RW 64-bit: FLOPs per device (compute) or bytes (send, all-reduce,
                                              //   the probe's large transfer)
constexpr std::uint64_t DOORBELL = 0x38;      // WO: write 1 to enqueue the described operation

constexpr std::uint64_t SET_SEL = 0x3c;       // RW: device set the next SET_* access refers to
constexpr std::uint64_t SET_CLEAR = 0x40;     // WO: write 1 to empty the selected set
constexpr std::uint64_t SET_ADD = 0x44;       // WO: append a device id to the selected set
constexpr std::uint64_t SET_SIZE = 0x48;      // RO: devices in the selected set

constexpr std::uint64_t CPL_COUNT = 0x4c;     // RO: entries in the completion queue
constexpr std::uint64_t CPL_TAG = 0x50;       // RO: head entry's tag
constexpr std::uint64_t CPL_STATUS = 0x54;    // RO: head entry's error code (0: success)
constexpr std::uint64_t CPL_START_NS = 0x58;  // RO 64-bit: when the head entry's work started executing
constexpr std::uint64_t CPL_END_NS = 0x60;    // RO 64-bit: when it finished
constexpr std::uint64_t CPL_POP = 0x68;       // WO: write 1 to drop the head entry

constexpr std::uint64_t DEV_IRQ_NEXT = 0x6c;  // RO: lowest device whose block has an interrupt pending, or
                                              //   no_device

constexpr std::uint64_t ROUTE_HOPS = 0x70;    // RO: links on the route from ROUTE_SRC to ROUTE_DST
constexpr std::uint64_t ROUTE_HOP_SEL = 0x74; // RW: hop ROUTE_HOP shows (0: the source's port)
constexpr std::uint64_t ROUTE_HOP = 0x78;     // RO: link id of the selected hop
constexpr std::uint64_t LINK_MBPS = 0x7c;     // RO: the selected link's configured capacity in Mbit/s (its speed)
constexpr std::uint64_t LINK_COUNT = 0x94;    // RO: link resources (device ports, NIC up/down, WAN per site pair)
constexpr std::uint64_t LINK_SEL = 0x98;      // RW: link the LINK_* registers show
constexpr std::uint64_t LINK_BYTES = 0xa0;    // RO 64-bit: bytes carried by the selected link
constexpr std::uint64_t LINK_BUSY_NS = 0xa8;  // RO 64-bit: time it carried at least one transfer
constexpr std::uint64_t LINK_INFO = 0xb0;     // RO: tier (0 device port, 1 NIC, 2 WAN) << 24 | state (1 up)
constexpr std::uint64_t ROUTE_SRC = 0xb4;     // RW: source device of the route query
constexpr std::uint64_t ROUTE_DST = 0xb8;     // RW: destination device of the route query
constexpr std::uint64_t ROUTE_LINK = 0xbc;    // RO: the narrowest link on the route (nominal capacity)

constexpr std::uint64_t PROBE_SMALL_BYTES = 0xc0;  // RW: payload of the probe's small transfer
constexpr std::uint64_t PROBE_SMALL_NS = 0xc8;     // RO 64-bit: last probe's small-transfer time
constexpr std::uint64_t PROBE_LARGE_NS = 0xd0;     // RO 64-bit: last probe's large-transfer time
constexpr std::uint64_t FAULTS = 0xd8;             // RO: fault events so far (link down, device lost)
constexpr std::uint64_t OP_RESULT = 0xdc;          // RO: 0 when the last DOORBELL was accepted, else why not

// Device block d starts at DEV_BLOCK + d * DEV_STRIDE; offsets within it:
constexpr std::uint64_t DEV_BLOCK = 0x1000;
constexpr std::uint64_t DEV_STRIDE = 0x80;
constexpr std::uint64_t D_BUSY_NS = 0x00;       // RO 64-bit: compute time of the device
constexpr std::uint64_t D_STALL_NS = 0x08;      // RO 64-bit: time its jobs waited behind earlier jobs
constexpr std::uint64_t D_FLOPS = 0x10;         // RO 64-bit: FLOPs it executed
constexpr std::uint64_t D_STATE = 0x18;         // RO: 1 alive, 0 lost
constexpr std::uint64_t D_MEM_MIB = 0x1c;       // RO: memory capacity in MiB
constexpr std::uint64_t D_LOCATION = 0x20;      // RO: site << 16 | server index within the fabric
constexpr std::uint64_t D_QUEUED = 0x24;        // RO: jobs queued or running on its compute engine (any source)
constexpr std::uint64_t D_OP_FLOPS = 0x28;      // RW 64-bit: FLOPs of the job D_DOORBELL queues
constexpr std::uint64_t D_OP_PHASE = 0x30;      // RW: its phase (as OP_PHASE)
constexpr std::uint64_t D_OP_TAG = 0x34;        // RW: echoed in the device's completion entry
constexpr std::uint64_t D_DOORBELL = 0x38;      // WO: write 1 to queue the job on this device
constexpr std::uint64_t D_OP_RESULT = 0x3c;     // RO: 0 when the last D_DOORBELL was accepted, else why not
constexpr std::uint64_t D_CTRL = 0x40;          // RW: IRQ_EN (the device's interrupt reaches IRQ_STATUS.DEVICE)
constexpr std::uint64_t D_IRQ_STATUS = 0x44;    // W1C: DONE (completions queued), ERROR (a job failed)
constexpr std::uint64_t D_CPL_COUNT = 0x48;     // RO: entries in the device's completion queue
constexpr std::uint64_t D_CPL_TAG = 0x4c;       // RO: head entry's tag
constexpr std::uint64_t D_CPL_STATUS = 0x50;    // RO: head entry's error code
constexpr std::uint64_t D_CPL_START_NS = 0x58;  // RO 64-bit: when the head entry's job started
constexpr std::uint64_t D_CPL_END_NS = 0x60;    // RO 64-bit: when it finished
constexpr std::uint64_t D_CPL_POP = 0x68;       // WO: write 1 to drop the head entry
constexpr std::uint32_t no_device = 0xffffffffu;

constexpr std::uint32_t CTRL_IRQ_EN = 1u << 0;
constexpr std::uint32_t STATUS_BUSY = 1u << 0;
constexpr std::uint32_t STATUS_ERROR = 1u << 1;
constexpr std::uint32_t IRQ_DONE = 1u << 0;
constexpr std::uint32_t IRQ_ERROR = 1u << 1;
constexpr std::uint32_t IRQ_FAULT = 1u << 2;
constexpr std::uint32_t IRQ_DEVICE = 1u << 3;  // a device block has an enabled interrupt pending (level)
constexpr std::uint32_t IRQ_MASK = IRQ_DONE | IRQ_ERROR | IRQ_FAULT | IRQ_DEVICE;

// op_allreduce_hier: the set is OP_PEER-device groups one after another; reduce-scatter inside each group, then
// ring j of device j of every group all-reduces shard j, then all-gather inside each group.
enum op_kind : std::uint32_t { op_compute = 1, op_send = 2, op_allreduce = 3, op_probe = 4, op_allreduce_hier = 5 };
enum phase : std::uint32_t { phase_f = 0, phase_b = 1, phase_w = 2, phase_bw = 3 };
enum link_tier : std::uint32_t { tier_port = 0, tier_nic = 1, tier_wan = 2 };

enum error_code : std::uint32_t {
    error_none = 0,
    error_bad_kind = 1,      // OP_KIND is not an op_kind
    error_bad_set = 2,       // the set id is out of range or the set is empty
    error_bad_device = 3,    // a device id is out of range, or source equals destination
    error_zero_amount = 4,   // OP_AMOUNT is 0
    error_device_lost = 5,   // a device of the operation was lost (before or while it ran)
    error_link_down = 6,     // a link on the route went down (before or while data moved)
    error_queue_full = 7,    // too many operations in flight or completions not popped
    error_set_full = 8,      // SET_ADD beyond the set capacity
    error_bad_group = 9,     // hierarchical all-reduce: OP_PEER is 0 or does not divide the set's size
};

} // namespace vplab::regs::gpufabric
