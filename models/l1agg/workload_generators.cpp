#include "workload_generators.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace vplab::l1agg {

workload_class parse_workload_class(const std::string& s) {
    for (auto c : {workload_class::broadcast, workload_class::gemm, workload_class::stencil, workload_class::zipf,
                   workload_class::streaming})
        if (s == to_string(c)) return c;
    throw std::invalid_argument("unknown workload class '" + s + "' (broadcast, gemm, stencil, zipf, streaming)");
}

const char* to_string(workload_class c) {
    switch (c) {
    case workload_class::broadcast: return "broadcast";
    case workload_class::gemm: return "gemm";
    case workload_class::stencil: return "stencil";
    case workload_class::zipf: return "zipf";
    case workload_class::streaming: return "streaming";
    }
    return "?";
}

namespace {
void check_ranges(const workload_params& p) {
    if (p.grid == 0 || p.grid > (1u << 20)) throw std::invalid_argument("grid must be 1 .. 1048576 CTAs");
    if (p.warps_per_cta == 0 || p.warps_per_cta > 64) throw std::invalid_argument("warps per CTA must be 1 .. 64");
    if (p.footprint < line_bytes || p.footprint > (1ull << 32))
        throw std::invalid_argument("footprint must be 128 B .. 4 GiB");
    if (p.reuse == 0 || p.reuse > 1024) throw std::invalid_argument("reuse must be 1 .. 1024 passes");
    if (!(p.write_fraction >= 0 && p.write_fraction <= 1)) throw std::invalid_argument("write fraction must be 0 .. 1");
    if (p.mem_per_warp == 0 || p.mem_per_warp > (1u << 20))
        throw std::invalid_argument("memory instructions per warp must be 1 .. 1048576");
    if (p.alu_per_mem > 4096) throw std::invalid_argument("ALU instructions per memory instruction must be <= 4096");
    if (!(p.zipf_alpha >= 0 && p.zipf_alpha <= 4)) throw std::invalid_argument("zipf alpha must be 0 .. 4");
}

// Private lines one warp reads (see private_line); at least one so warps never share a line.
std::uint64_t private_lines_per_warp(const workload_params& p, std::uint64_t shared_lines) {
    switch (p.cls) {
    case workload_class::broadcast: {
        const std::uint64_t per = (shared_lines + p.warps_per_cta - 1) / p.warps_per_cta;
        return std::max<std::uint64_t>(1, per * p.reuse);
    }
    case workload_class::zipf: return std::max<std::uint64_t>(1, (p.mem_per_warp + 1) / 2);
    case workload_class::streaming: return p.mem_per_warp;
    default: return 1;
    }
}

} // namespace

void check(const workload_params& p) {
    check_ranges(p);
    // The private array must stay inside its 4 GiB region (below the output region).
    const std::uint64_t lines = std::max<std::uint64_t>(1, p.footprint / line_bytes);
    if (std::uint64_t(p.grid) * p.warps_per_cta * private_lines_per_warp(p, lines) > (1ull << 32) / line_bytes)
        throw std::invalid_argument("private data (grid x warps per CTA x lines per warp) must fit in 4 GiB");
}

namespace {

// Regions far apart, so classes never alias their shared, private and output data.
constexpr std::uint64_t shared_base = 0x10000000ull / line_bytes;
constexpr std::uint64_t second_base = 0x40000000ull / line_bytes;
constexpr std::uint64_t private_base = 0x100000000ull / line_bytes;
constexpr std::uint64_t output_base = 0x200000000ull / line_bytes;

std::uint64_t mix(std::uint64_t x) {  // splitmix64 finaliser
    x += 0x9e3779b97f4a7c15ull;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
    return x ^ (x >> 31);
}

class generated_kernel : public kernel_source {
public:
    explicit generated_kernel(const workload_params& p) : m_p(p) {
        m_lines = std::max<std::uint64_t>(1, p.footprint / line_bytes);
        m_private_lines = private_lines_per_warp(p, m_lines);
        if (p.cls == workload_class::zipf) {
            // Cumulative Zipf weights over the lines of the gathered vector; line 0 is the hottest.
            m_cdf.resize(m_lines);
            double sum = 0;
            for (std::uint64_t i = 0; i < m_lines; ++i) m_cdf[i] = sum += 1.0 / std::pow(double(i + 1), p.zipf_alpha);
            for (double& c : m_cdf) c /= sum;
        }
    }
    unsigned ctas() const override { return m_p.grid; }
    unsigned warps_per_cta() const override { return m_p.warps_per_cta; }

    void cta(unsigned id, std::vector<warp_program>& warps) const override {
        // Reuses the caller's programs' storage: the engine refills the same slots CTA after CTA.
        warps.resize(m_p.warps_per_cta);
        for (warp_program& wp : warps) {
            wp.insts.clear();
            wp.accesses.clear();
        }
        for (unsigned w = 0; w < m_p.warps_per_cta; ++w) {
            warp_ctx c{warps[w], id, w, mix(m_p.seed ^ mix(std::uint64_t(id) << 8 | w)), 0};
            switch (m_p.cls) {
            case workload_class::broadcast: broadcast(c); break;
            case workload_class::gemm: gemm(c); break;
            case workload_class::stencil: stencil(c); break;
            case workload_class::zipf: zipf(c); break;
            case workload_class::streaming: streaming(c); break;
            }
        }
    }

private:
    struct warp_ctx {
        warp_program& prog;
        unsigned cta, warp;
        std::uint64_t rng;
        std::uint64_t outputs;  // stores so far: each goes to the next line of the warp's output region
    };
    std::uint64_t next(warp_ctx& c) const { return c.rng = mix(c.rng); }
    double uniform(warp_ctx& c) const { return double(next(c) >> 11) * 0x1.0p-53; }

    // One memory instruction reading `line`, unless the write fraction turns it into a store to private output.
    void read_or_store(warp_ctx& c, std::uint64_t line) const {
        if (m_p.write_fraction > 0 && uniform(c) < m_p.write_fraction) {
            const std::uint64_t out = output_base + (std::uint64_t(c.cta) * m_p.warps_per_cta + c.warp) * 4096 +
                                      c.outputs++ % 4096;
            c.prog.add_line(mem_op::store, out, 0xf, m_p.alu_per_mem);
        } else {
            c.prog.add_line(mem_op::load, line, 0xf, m_p.alu_per_mem);
        }
    }
    // The warp's share [begin, end) of n items split over the CTA's warps.
    std::pair<std::uint64_t, std::uint64_t> chunk(std::uint64_t n, unsigned w) const {
        const std::uint64_t per = (n + m_p.warps_per_cta - 1) / m_p.warps_per_cta;
        return {std::min(n, per * w), std::min(n, per * (w + 1))};
    }
    // Private data (the rows of A, streamed vectors) is one contiguous array, each warp's part right after the
    // previous warp's, as a cudaMalloc'd matrix would be. Not a large power-of-two stride per warp: DRAM addresses
    // wrap at the DRAM's capacity, so such strides made warps' streams alias each other and fall into one bank at
    // different rows, and the DRAM's speed then hinged on which warps happened to run in step (docs/l1agg.md).
    std::uint64_t private_line(const warp_ctx& c, std::uint64_t i) const {
        return private_base + (std::uint64_t(c.cta) * m_p.warps_per_cta + c.warp) * m_private_lines + i;
    }

    // GEMV y = A x: every CTA streams its rows of A (private) and the whole vector x (shared by `sharing` CTAs,
    // default all); the CTA's warps split x between them.
    void broadcast(warp_ctx& c) const {
        const unsigned group = m_p.sharing ? c.cta / m_p.sharing : 0;
        const std::uint64_t x = shared_base + group * m_lines;
        const auto [b, e] = chunk(m_lines, c.warp);
        std::uint64_t a = 0;
        for (unsigned pass = 0; pass < m_p.reuse; ++pass)
            for (std::uint64_t i = b; i < e; ++i) {
                read_or_store(c, private_line(c, a++));
                read_or_store(c, x + i);
            }
    }
    // Naive GEMM tile (bx, by): reads the A row panel `by` (shared by the gx CTAs of a row: consecutive IDs) and
    // the B column panel `bx` (shared by the CTAs of a column: IDs gx apart). footprint = one panel; sharing = gx.
    void gemm(warp_ctx& c) const {
        const unsigned gx = m_p.sharing ? m_p.sharing : std::max(1u, unsigned(std::lround(std::sqrt(m_p.grid))));
        const unsigned bx = c.cta % gx, by = c.cta / gx;
        const std::uint64_t a = shared_base + std::uint64_t(by) * m_lines,
                            bcol = second_base + std::uint64_t(bx) * m_lines;
        const auto [b, e] = chunk(m_lines, c.warp);
        for (unsigned pass = 0; pass < m_p.reuse; ++pass)
            for (std::uint64_t i = b; i < e; ++i) {
                read_or_store(c, a + i);
                read_or_store(c, bcol + i);
            }
    }
    // 2D stencil: each CTA owns a tile of footprint/grid bytes and reads `sharing` halo lines (default 2) from the
    // tiles of its left, right, upper and lower neighbours (IDs +-1 and +-gx).
    void stencil(warp_ctx& c) const {
        const std::uint64_t tile = std::max<std::uint64_t>(1, m_lines / m_p.grid);
        const unsigned gx = std::max(1u, unsigned(std::lround(std::sqrt(m_p.grid))));
        const std::uint64_t halo = std::min<std::uint64_t>(tile, m_p.sharing ? m_p.sharing : 2);
        auto tile_line = [&](long long cta, std::uint64_t i) {
            const long long n = (cta % static_cast<long long>(m_p.grid) + m_p.grid) % m_p.grid;
            return shared_base + std::uint64_t(n) * tile + i;
        };
        const auto [b, e] = chunk(tile, c.warp);
        const long long me = c.cta;
        for (unsigned pass = 0; pass < m_p.reuse; ++pass) {
            for (std::uint64_t i = b; i < e; ++i) read_or_store(c, tile_line(me, i));
            // Warp w reads the halo on sides w, w + warps, ..., so halo traffic is spread over the CTA's warps.
            for (unsigned side = c.warp; side < 4; side += m_p.warps_per_cta) {
                const long long nb = side == 0 ? me - 1 : side == 1 ? me + 1 : side == 2 ? me - gx : me + gx;
                for (std::uint64_t h = 0; h < halo; ++h)
                    read_or_store(c, tile_line(nb, side % 2 == 0 ? tile - 1 - h : h));
            }
        }
    }
    // SpMV/graph gather: alternates a private row/index read with a 32-lane gather from a Zipf-hot vector.
    void zipf(warp_ctx& c) const {
        std::uint64_t addr[warp_size];
        for (unsigned j = 0; j < m_p.mem_per_warp; ++j) {
            if (j % 2 == 0) {
                read_or_store(c, private_line(c, j / 2));
                continue;
            }
            for (unsigned lane = 0; lane < warp_size; ++lane) {
                const double u = uniform(c);
                const std::uint64_t line =
                    std::uint64_t(std::lower_bound(m_cdf.begin(), m_cdf.end(), u) - m_cdf.begin());
                addr[lane] =
                    (shared_base + std::min(line, m_lines - 1)) * line_bytes + (next(c) % (line_bytes / 4)) * 4;
            }
            c.prog.add_alu(m_p.alu_per_mem);
            c.prog.add_mem(mem_op::load, addr, 0xffffffffu, 4);
        }
    }
    // vectorAdd-like: every line is touched by exactly one warp, once.
    void streaming(warp_ctx& c) const {
        for (unsigned j = 0; j < m_p.mem_per_warp; ++j) read_or_store(c, private_line(c, j));
    }

    workload_params m_p;
    std::uint64_t m_lines;
    std::uint64_t m_private_lines;  // private lines each warp reads
    std::vector<double> m_cdf;
};

} // namespace

kernel_ptr make_kernel(const workload_params& p) {
    check(p);
    return std::make_shared<generated_kernel>(p);
}

} // namespace vplab::l1agg
