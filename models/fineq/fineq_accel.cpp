#include "fineq_accel.h"

#include "array_gemm.h"

#include <algorithm>
#include <cstring>
#include <utility>

namespace vplab::models::fineq {

using namespace regs::fineq;

namespace {
bool wraps(std::uint64_t addr, std::uint64_t n) { return n && addr + n - 1 < addr; }
bool overlap(std::uint64_t a, std::uint64_t an, std::uint64_t b, std::uint64_t bn) {
    return an && bn && a <= b + bn - 1 && b <= a + an - 1;
}
// The outputs as the bus carries them: binary32, little-endian. On a little-endian host that is the floats' own
// memory; elsewhere they are converted in place (the vector is the device's and not used afterwards).
const void* little_endian_bytes(std::vector<float>& values) {
#if !defined(__BYTE_ORDER__) || __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
    for (float& v : values) {
        std::uint32_t u;
        std::memcpy(&u, &v, 4);
        unsigned char b[4];
        for (unsigned i = 0; i < 4; ++i) b[i] = static_cast<unsigned char>(u >> (8 * i));
        std::memcpy(&v, b, 4);
    }
#endif
    return values.data();
}
const char* pe_name(pe_kind pe) {
    return pe == pe_unary ? "unary" : pe == pe_bitserial ? "bit-serial" : "multiplier";
}
} // namespace

fineq_accel::fineq_accel(sc_core::sc_module_name name, const params& p)
    : peripheral(name), irq("irq"), dma("dma", p.burst_bytes), m_params(p) {
    if (p.array.rows == 0 || p.array.cols == 0 || p.array.rows > 0xffff || p.array.cols > 0xffff)
        throw std::invalid_argument(std::string(this->name()) + ": array rows and columns must be 1..65535");
    if (p.array.dma_bytes_per_cycle == 0)
        throw std::invalid_argument(std::string(this->name()) + ": DMA bytes per cycle must be positive");
    m_job.error.describe("error code of the last job: 0 none, 1 zero dimension, 2 dimension too large, 3 bad format, "
                     "4 bad group, 5 weight size, 6 read fault, 7 write fault, 8 busy, 9 address, "
                     "10 buffers too small");
    m_format.field("KIND", 0, 2, "0 fineq, 1 rtn, 2 mixed")
        .field("OUTLIER", 2, 1, "fineq outlier treatment: 0 split, 1 prune")
        .field("BITS", 4, 4, "rtn bits (2..4); mixed: bits of an unflagged group");
    m_group.describe("weights per scale along K; 0 = one scale per output row (fineq)");
    m_m.describe("activation rows");
    m_n.describe("output channels");
    m_k.describe("input channels");
    m_w_addr.describe("bus address of the packed weights");
    m_w_bytes.describe("bytes of packed weights");
    m_a_scale.describe("activation scale (binary32)");
    m_s_addr.describe("bus address of the scale table");
    m_a_addr.describe("bus address of the INT8 activations (M x K)");
    m_o_addr.describe("bus address of the float32 outputs (M x N)");
    m_array.field("ROWS", 0, 16).field("COLS", 16, 16);
    m_pe_kind.describe("0 unary temporal, 1 bit-serial temporal, 2 INT8 x INT4 multiplier");
    m_cycles.describe("device cycles of the last job");
    m_macs.describe("multiply-accumulates of the last job");
    m_stalls.describe("cycles the array waited for DMA in the last job");
    m_sram_bytes.describe("on-chip buffer bytes read and written in the last job");
    m_dram_bytes.describe("off-chip bytes read and written in the last job");
    m_job_ns.describe("duration of the last job in ns");
    m_scratch.describe("no side effect");
    // Latched in the writer's thread as START is accepted: the job never sees later writes to its registers.
    m_job.check_on_start([this] {
        m_desc = {m_format.value(), m_group.value(),  m_m.value(),      m_n.value(),      m_k.value(),
                  m_w_addr.value(), m_w_bytes.value(), m_a_scale.value(), m_s_addr.value(), m_a_addr.value(),
                  m_o_addr.value()};
        return std::uint32_t{error_none};
    });
    SC_HAS_PROCESS(fineq_accel);
    SC_THREAD(worker);
}

void fineq_accel::reset() {
    peripheral::reset();
    m_array.set(m_params.array.rows | (static_cast<std::uint64_t>(m_params.array.cols) << 16));
    m_pe_kind.set(m_params.array.pe);
    m_last = {};
    m_job.reset();
}

weight_format fineq_accel::format() const {
    const std::uint64_t v = m_desc.format;
    weight_format f;
    f.kind = static_cast<format_kind>((v >> FORMAT_KIND_SHIFT) & FORMAT_KIND_MASK);
    f.outlier_mode = static_cast<unsigned>((v >> FORMAT_OUTLIER_SHIFT) & 1);
    f.bits = static_cast<unsigned>((v >> FORMAT_BITS_SHIFT) & FORMAT_BITS_MASK);
    f.group = static_cast<std::uint32_t>(m_desc.group);
    return f;
}

std::uint32_t fineq_accel::check_job() const {
    const std::uint64_t m = m_desc.m, n = m_desc.n, k = m_desc.k;
    if (!m || !n || !k) return error_zero_dim;
    if (m > m_params.max_dim || n > m_params.max_dim || k > m_params.max_dim) return error_too_large;
    const weight_format f = format();
    if (f.kind > kind_mixed) return error_bad_format;
    if (f.kind == kind_rtn && (f.bits < 2 || f.bits > 4)) return error_bad_format;
    if (f.kind == kind_mixed && (f.bits < 2 || f.bits > 3)) return error_bad_format;
    if (f.kind != kind_fineq && m_params.array.pe != pe_multiplier)
        return error_bad_format;  // temporal PEs: FineQ only
    if (f.kind == kind_fineq ? f.group % 3 != 0 : f.group == 0) return error_bad_group;
    if (f.kind != kind_mixed) {
        std::uint64_t expected = 0;
        packed_weight_bytes(f, n, k, {}, expected);
        if (m_desc.w_bytes != expected) return error_weight_size;
    } else if (m_desc.w_bytes == 0) {
        return error_weight_size;
    }
    const std::uint64_t s_bytes = scale_table_bytes(f, n, k), w_bytes = m_desc.w_bytes;
    const std::uint64_t a_bytes = m * k, o_bytes = m * n * 4;
    const std::uint64_t w = m_desc.w_addr, s = m_desc.s_addr, a = m_desc.a_addr, o = m_desc.o_addr;
    if (wraps(w, w_bytes) || wraps(s, s_bytes) || wraps(a, a_bytes) || wraps(o, o_bytes)) return error_address;
    if (overlap(o, o_bytes, w, w_bytes) || overlap(o, o_bytes, s, s_bytes) || overlap(o, o_bytes, a, a_bytes))
        return error_address;
    return error_none;
}

std::uint64_t fineq_accel::tile_weight_bytes(const weight_format& f, const std::vector<std::uint8_t>& scales,
                                             std::size_t kt, std::size_t nt, bool strip_share) const {
    const std::uint64_t R = m_params.array.rows, C = m_params.array.cols;
    const std::uint64_t n = m_desc.n, k = m_desc.k;
    const std::uint64_t k0 = kt * R, k1 = std::min(k, k0 + R), n0 = nt * C, n1 = std::min(n, n0 + C);
    const std::uint64_t group = f.group && f.group < k ? f.group : k, groups = (k + group - 1) / group;
    const std::uint64_t g0 = k0 / group, g1 = (k1 - 1) / group;  // scale groups the tile touches
    // A group's scale travels with the tile that holds its first weight, so each scale is loaded once per strip.
    const std::uint64_t first_new = g0 * group < k0 ? g0 + 1 : g0, new_groups = g1 + 1 - first_new;
    if (f.kind == kind_fineq) {
        const std::uint64_t first_record = strip_share ? (k0 + 2) / 3 : k0 / 3;
        return (n1 - n0) * ((k1 + 2) / 3 - first_record + 2 * new_groups);
    }
    std::uint64_t bits = 0;
    for (std::uint64_t r = n0; r < n1; ++r)
        for (std::uint64_t g = g0; g <= g1; ++g) {
            const bool high = f.kind == kind_mixed && (scales[4 * (r * groups + g) + 1] & 0x80u);
            const std::uint64_t lo = std::max(k0, g * group), hi = std::min(k1, (g + 1) * group);
            bits += (hi - lo) * (f.bits + (high ? 1 : 0));
        }
    return (bits + 7) / 8 + (n1 - n0) * new_groups * 4;
}

std::uint32_t fineq_accel::run_job(std::vector<float>& out, job_report& report) {
    const std::uint64_t m = m_desc.m, n = m_desc.n, k = m_desc.k;
    const weight_format f = format();

    std::vector<std::uint8_t> scales(scale_table_bytes(f, n, k));
    if (!dma.read(m_desc.s_addr, scales.data(), scales.size()).ok()) return error_read_fault;
    std::uint64_t w_bytes = 0;
    packed_weight_bytes(f, n, k, scales, w_bytes);
    if (w_bytes != m_desc.w_bytes) return error_weight_size;
    std::vector<std::uint8_t> packed(w_bytes);
    if (!dma.read(m_desc.w_addr, packed.data(), packed.size()).ok()) return error_read_fault;
    std::vector<std::int8_t> act(m * k);
    if (!dma.read(m_desc.a_addr, act.data(), act.size()).ok()) return error_read_fault;

    decoded_weights w;
    std::string problem;
    if (!decode_weights(f, n, k, std::move(packed), scales, w, problem)) {
        m_log.warning("scale table: " + problem);
        return error_bad_format;
    }
    const tile_windows windows = weight_windows(w, m_params.array.pe, m_params.array.rows, m_params.array.cols);
    tile_inputs in;
    in.window = [&](std::size_t kt, std::size_t nt) { return windows.at(kt, nt); };
    in.weight_bytes = [&](std::size_t kt, std::size_t nt) { return tile_weight_bytes(f, scales, kt, nt); };
    if (f.kind == kind_fineq)
        in.strip_bytes = [&](std::size_t kt, std::size_t nt) { return tile_weight_bytes(f, scales, kt, nt, true); };
    const schedule plan = plan_gemm(m_params.array, {m, n, k, f.group}, in);
    if (!plan.fits) return error_buffer_too_small;

    float act_scale;
    const auto scale_bits = static_cast<std::uint32_t>(m_desc.a_scale);
    std::memcpy(&act_scale, &scale_bits, sizeof act_scale);
    array_gemm(w, act, m, act_scale, m_params.array.cols, out);

    report.valid = true;
    report.plan = plan;
    report.ops.macs = m * n * k;
    if (m_params.array.pe == pe_multiplier) {
        report.ops.mults = report.ops.macs;
        report.ops.adds = report.ops.macs;
    } else {
        // One accumulator addition per window cycle of every weight, per activation row.
        report.ops.adds = windows.weight_cycles * m;
    }
    report.ops.records = w.records * (plan.weights_resident ? 1 : (m + plan.m_tile - 1) / plan.m_tile);
    report.energy = estimate_energy(m_params.energy, m_params.array, plan, report.ops,
                                    m_params.baseline_weight_bits);
    return error_none;
}

void fineq_accel::publish(const job_report& report) {
    const schedule& plan = report.plan;
    m_last = report;
    m_cycles.set(plan.cycles);
    m_macs.set(report.ops.macs);
    m_stalls.set(plan.stall_cycles);
    m_sram_bytes.set(plan.sram_bytes());
    m_dram_bytes.set(plan.dram_bytes());
    m_log.info(std::string(pe_name(m_params.array.pe)) + " array: " + std::to_string(plan.tiles) + " tiles, " +
               std::to_string(plan.cycles) + " cycles");
}

void fineq_accel::worker() {
    for (;;) {
        sc_core::wait(m_job.started());
        const sc_core::sc_time begin = dma.local_time();  // the DMA's current time (kernel time + its offset)
        // The counters describe the job that starts now: a refused job reads zeros, not its predecessor's figures.
        for (core::reg* r : {&m_cycles, &m_macs, &m_stalls, &m_sram_bytes, &m_dram_bytes}) r->set(0);
        std::uint32_t error = check_job();
        std::vector<float> out;
        job_report report;
        if (error == error_none) error = run_job(out, report);
        // The job lasts what the tile schedule says (its DMA terms include the transfers' bus time), or the bus time
        // if longer; a refused job costs one cycle. The outputs go to memory while the schedule stores its last
        // block, so that nothing can read them earlier; the counters change when the job ends.
        const sc_core::sc_time target =
            m_params.clock * static_cast<double>(error == error_none ? report.plan.cycles : 1);
        if (error == error_none) {
            const sc_core::sc_time last_store = m_params.clock * static_cast<double>(report.plan.last_store_cycles);
            const sc_core::sc_time spent = dma.local_time() - begin;
            if (target - last_store > spent) dma.advance(target - last_store - spent);
            if (!dma.write(m_desc.o_addr, little_endian_bytes(out), out.size() * 4).ok()) error = error_write_fault;
        }
        const sc_core::sc_time spent = dma.local_time() - begin;
        if (target > spent) dma.advance(target - spent);
        if (error == error_none) publish(report);
        dma.sync();
        m_job_ns.set(
            static_cast<std::uint64_t>((sc_core::sc_time_stamp() - begin) / sc_core::sc_time(1, sc_core::SC_NS)));
        m_job.finish(error);
    }
}

void fineq_accel::report_stats(nlohmann::json& out) const {
    peripheral::report_stats(out);
    m_job.report_stats(out);
    out["pe_kind"] = pe_name(m_params.array.pe);
    if (!m_last.valid) return;
    const schedule& s = m_last.plan;
    out["cycles"] = s.cycles;
    out["compute_cycles"] = s.compute_cycles;
    out["stall_cycles"] = s.stall_cycles;
    out["fill_drain_cycles"] = s.fill_drain_cycles;
    out["tiles"] = s.tiles;
    out["m_tile"] = s.m_tile;
    out["mean_window"] = s.tiles ? static_cast<double>(s.window_sum) / static_cast<double>(s.tiles) : 0.0;
    out["weights_resident"] = s.weights_resident;
    out["activations_resident"] = s.activations_resident;
    out["sram_bytes"] = s.sram_bytes();
    out["dram_bytes"] = s.dram_bytes();
    out["adds"] = m_last.ops.adds;
    out["mults"] = m_last.ops.mults;
    out["energy_pj"] = m_last.energy.total_pj();
    out["energy_breakdown_pj"] = m_last.energy.breakdown();
    out["array_area_mm2"] = m_last.energy.array_area_mm2;
}

} // namespace vplab::models::fineq
