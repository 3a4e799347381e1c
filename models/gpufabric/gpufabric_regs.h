#pragma once
// Register map of the GPU fabric (devices, links and their op engine), shared by its model and its driver. 32-bit
// registers unless noted; offsets from the fabric's base. The host describes one operation in the OP_* registers
// and rings DOORBELL; every finished operation leaves an entry in the completion queue and raises IRQ_STATUS.DONE.
// Per-device and per-link counters are read through a select register (CNT_DEV_SEL, LINK_SEL), as on a NIC.

#include <cstdint>

namespace vplab::regs::gpufabric {

constexpr std::uint32_t id_value = 0x47505546;  // "GPUF"

constexpr std::uint64_t ID = 0x00;            // RO: id_value
constexpr std::uint64_t NUM_DEVICES = 0x04;   // RO: devices in the fabric
constexpr std::uint64_t CTRL = 0x08;          // RW: IRQ_EN
constexpr std::uint64_t STATUS = 0x0c;        // RO: BUSY (operations in flight), ERROR (last op failed)
constexpr std::uint64_t IRQ_STATUS = 0x10;    // W1C: DONE, ERROR, FAULT; the line is IRQ_STATUS && IRQ_EN
constexpr std::uint64_t ERROR = 0x14;         // RO: error code of the last failed or refused operation

constexpr std::uint64_t OP_KIND = 0x18;       // RW: op_kind
constexpr std::uint64_t OP_PHASE = 0x1c;      // RW: compute phase (0 F, 1 B, 2 W, 3 B+W), for the counters only
constexpr std::uint64_t OP_TARGET = 0x20;     // RW: device set (compute, all-reduce) or source device (send, probe)
constexpr std::uint64_t OP_PEER = 0x24;       // RW: destination device (send, probe)
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

constexpr std::uint64_t CNT_DEV_SEL = 0x6c;   // RW: device the DEV_* registers show
constexpr std::uint64_t DEV_BUSY_NS = 0x70;   // RO 64-bit: compute time of the selected device
constexpr std::uint64_t DEV_STALL_NS = 0x78;  // RO 64-bit: time its jobs waited behind earlier jobs
constexpr std::uint64_t DEV_FLOPS = 0x80;     // RO 64-bit: FLOPs it executed
constexpr std::uint64_t DEV_STATE = 0x88;     // RO: 1 alive, 0 lost
constexpr std::uint64_t DEV_MEM_MIB = 0x8c;   // RO: memory capacity in MiB
constexpr std::uint64_t DEV_LOCATION = 0x90;  // RO: site << 16 | server index within the fabric

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

constexpr std::uint32_t CTRL_IRQ_EN = 1u << 0;
constexpr std::uint32_t STATUS_BUSY = 1u << 0;
constexpr std::uint32_t STATUS_ERROR = 1u << 1;
constexpr std::uint32_t IRQ_DONE = 1u << 0;
constexpr std::uint32_t IRQ_ERROR = 1u << 1;
constexpr std::uint32_t IRQ_FAULT = 1u << 2;
constexpr std::uint32_t IRQ_MASK = IRQ_DONE | IRQ_ERROR | IRQ_FAULT;

enum op_kind : std::uint32_t { op_compute = 1, op_send = 2, op_allreduce = 3, op_probe = 4 };
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
};

} // namespace vplab::regs::gpufabric
