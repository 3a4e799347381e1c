#include "trace_kernel.h"

#include <core/config/input_error.h>

#include <boost/iostreams/filter/lzma.hpp>
#include <boost/iostreams/filtering_stream.hpp>
#include <lzma.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace vplab::l1agg {

namespace {

[[noreturn]] void bad(const std::string& file, int line, const std::string& message) {
    throw config::input_error({{config::location(file, line), "", message}});
}

// Why liblzma stopped, in words; damaged data is named as such rather than blamed on the line it cut short.
const char* describe_xz_error(int code) {
    switch (code) {
    case LZMA_FORMAT_ERROR: return "not xz data";
    case LZMA_DATA_ERROR: return "corrupt xz data";
    case LZMA_BUF_ERROR: return "truncated xz data";
    case LZMA_OPTIONS_ERROR: return "unsupported xz options";
    default: return "xz decompression failed";
    }
}

bool parse_u64(const std::string& s, std::uint64_t& out, int base = 0) {
    if (s.empty() || s[0] == '-' || s[0] == '+') return false;
    try {
        std::size_t used = 0;
        out = std::stoull(s, &used, base);
        return used == s.size();
    } catch (const std::exception&) {
        return false;
    }
}

// The text format's addresses: hexadecimal after 0x, else decimal (a leading zero does not make it octal).
bool parse_address(const std::string& s, std::uint64_t& out) {
    if (s.size() > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) return parse_u64(s.substr(2), out, 16);
    return parse_u64(s, out, 10);
}

bool parse_i64(const std::string& s, std::int64_t& out) {
    try {
        std::size_t used = 0;
        out = std::stoll(s, &used, 0);
        return used == s.size();
    } catch (const std::exception&) {
        return false;
    }
}

// Whitespace-separated words; a Windows line end's '\r' is whitespace too, so CRLF files need no special case.
std::vector<std::string> tokens(const std::string& line) {
    std::istringstream in(line);
    std::vector<std::string> t;
    for (std::string s; in >> s;) t.push_back(s);
    return t;
}

constexpr unsigned max_ctas = 1u << 20, max_warps = 64;

bool ends_with(const std::string& s, const std::string& suffix) {
    return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

} // namespace

warp_program& trace_kernel::warp(unsigned cta, unsigned w) {
    if (cta >= m_ctas.size()) m_ctas.resize(cta + 1);
    m_warps = std::max(m_warps, w + 1);
    if (w >= m_ctas[cta].size()) m_ctas[cta].resize(w + 1);
    return m_ctas[cta][w];
}

void trace_kernel::cta(unsigned id, std::vector<warp_program>& warps) const {
    warps = id < m_ctas.size() ? m_ctas[id] : std::vector<warp_program>{};
    warps.resize(m_warps);
}

std::shared_ptr<trace_kernel> trace_kernel::read_text(std::istream& in, const std::string& name) {
    auto k = std::make_shared<trace_kernel>();
    std::string text;
    int n = 0;
    while (std::getline(in, text)) {
        ++n;
        if (const auto hash = text.find('#'); hash != std::string::npos) text.erase(hash);
        const std::vector<std::string> t = tokens(text);
        if (t.empty()) continue;
        if (t.size() < 4) bad(name, n, "expected '<cta> <warp> alu <count>' or '<cta> <warp> ld|st <width> <addr>...'");
        std::uint64_t cta = 0, w = 0;
        if (!parse_u64(t[0], cta, 10) || cta >= max_ctas) bad(name, n, "CTA index '" + t[0] + "' is not 0 .. 1048575");
        if (!parse_u64(t[1], w, 10) || w >= max_warps) bad(name, n, "warp index '" + t[1] + "' is not 0 .. 63");
        warp_program& prog = k->warp(unsigned(cta), unsigned(w));
        if (t[2] == "alu") {
            std::uint64_t count = 0;
            if (t.size() != 4 || !parse_u64(t[3], count, 10) || count == 0 || count > (1u << 20))
                bad(name, n, "alu needs one count 1 .. 1048576");
            prog.add_alu(std::uint32_t(count));
            k->m_instructions += count;
            continue;
        }
        if (t[2] != "ld" && t[2] != "st") bad(name, n, "unknown operation '" + t[2] + "' (alu, ld, st)");
        std::uint64_t width = 0;
        if (!parse_u64(t[3], width, 10) || !(width == 1 || width == 2 || width == 4 || width == 8 || width == 16))
            bad(name, n, "access width '" + t[3] + "' is not 1, 2, 4, 8 or 16");
        const std::size_t lanes = t.size() - 4;
        if (lanes == 0 || lanes > warp_size) bad(name, n, "a memory instruction needs 1 .. 32 lane addresses");
        std::uint64_t addr[warp_size] = {};
        for (std::size_t i = 0; i < lanes; ++i)
            if (!parse_address(t[4 + i], addr[i])) bad(name, n, "address '" + t[4 + i] + "' is not a number");
        const std::uint32_t mask = lanes == 32 ? 0xffffffffu : ((1u << lanes) - 1);
        prog.add_mem(t[2] == "ld" ? mem_op::load : mem_op::store, addr, mask, unsigned(width));
        ++k->m_instructions;
        ++k->m_mem_instructions;
    }
    if (k->m_ctas.empty()) bad(name, n, "the trace has no instructions");
    return k;
}

std::shared_ptr<trace_kernel> trace_kernel::read_accelsim(std::istream& in, const std::string& name) {
    auto k = std::make_shared<trace_kernel>();
    std::uint64_t gx = 1, gy = 1, gz = 1;
    bool in_tb = false;
    long long cta = -1, w = -1;
    std::uint64_t expected = 0, seen = 0;
    int warp_line = 0;
    auto close_warp = [&](int at) {
        if (w >= 0 && seen != expected)
            bad(name, at, "warp " + std::to_string(w) + " (line " + std::to_string(warp_line) + ") announced insts = " +
                              std::to_string(expected) + " but has " + std::to_string(seen));
        w = -1;
    };
    std::string text;
    int n = 0;
    while (std::getline(in, text)) {
        ++n;
        const std::vector<std::string> t = tokens(text);
        if (t.empty()) continue;
        if (t[0][0] == '-') {
            // Header: only the grid shape matters here (it linearises thread block coordinates).
            if (text.rfind("-grid dim", 0) == 0) {
                const auto open = text.find('('), close = text.find(')');
                unsigned long long x = 0, y = 0, z = 0;
                if (open == std::string::npos || close == std::string::npos ||
                    std::sscanf(text.c_str() + open, "(%llu,%llu,%llu)", &x, &y, &z) != 3 || !x || !y || !z)
                    bad(name, n, "expected '-grid dim = (x,y,z)'");
                gx = x;
                gy = y;
                gz = z;
                if (gx * gy * gz > max_ctas) bad(name, n, "grid larger than 1048576 thread blocks");
            }
            continue;
        }
        if (t[0] == "#BEGIN_TB") {
            if (in_tb) bad(name, n, "#BEGIN_TB inside a thread block");
            in_tb = true;
            cta = -1;
            continue;
        }
        if (t[0] == "#END_TB") {
            if (!in_tb) bad(name, n, "#END_TB without #BEGIN_TB");
            close_warp(n);
            in_tb = false;
            continue;
        }
        if (t[0][0] == '#') continue;
        if (text.rfind("thread block", 0) == 0) {
            unsigned long long x = 0, y = 0, z = 0;
            const auto eq = text.find('=');
            if (!in_tb || eq == std::string::npos ||
                std::sscanf(text.c_str() + eq + 1, " %llu,%llu,%llu", &x, &y, &z) != 3)
                bad(name, n, "expected 'thread block = x,y,z' after #BEGIN_TB");
            if (x >= gx || y >= gy || z >= gz) bad(name, n, "thread block outside the grid dim of the header");
            cta = static_cast<long long>(x + gx * (y + gy * z));
            continue;
        }
        if (t[0] == "warp" || t[0] == "insts") {
            std::uint64_t v = 0;
            if (t.size() != 3 || t[1] != "=" || !parse_u64(t[2], v, 10))
                bad(name, n, "expected '" + t[0] + " = <number>'");
            if (t[0] == "warp") {
                if (cta < 0) bad(name, n, "warp before 'thread block ='");
                close_warp(n);
                if (v >= max_warps) bad(name, n, "warp index above 63");
                w = static_cast<long long>(v);
                warp_line = n;
                expected = seen = 0;
                k->warp(unsigned(cta), unsigned(w));
            } else {
                if (w < 0) bad(name, n, "insts before 'warp ='");
                expected = v;
            }
            continue;
        }
        // An instruction: PC mask dest_num [dests] opcode src_num [srcs] mem_width [format addresses...]
        if (w < 0) bad(name, n, "instruction outside a warp");
        std::size_t i = 0;
        auto need = [&](const char* what) -> const std::string& {
            if (i >= t.size()) bad(name, n, std::string("missing ") + what);
            return t[i++];
        };
        std::uint64_t pc = 0, mask = 0, dests = 0, srcs = 0, width = 0;
        if (!parse_u64(need("PC"), pc, 16)) bad(name, n, "PC '" + t[i - 1] + "' is not hexadecimal");
        if (!parse_u64(need("active mask"), mask, 16) || mask > 0xffffffffull)
            bad(name, n, "active mask '" + t[i - 1] + "' is not a 32-bit hexadecimal mask");
        if (!parse_u64(need("destination count"), dests, 10) || dests > 8) bad(name, n, "bad destination count");
        i += dests;
        const std::string opcode = need("opcode");
        if (!parse_u64(need("source count"), srcs, 10) || srcs > 8) bad(name, n, "bad source count");
        i += srcs;
        if (!parse_u64(need("memory width"), width, 10) || width > 64) bad(name, n, "bad memory width");
        ++seen;
        const std::string base = opcode.substr(0, opcode.find('.'));
        const bool load = base == "LDG" || base == "LD" || base == "LDL";
        const bool store = base == "STG" || base == "ST" || base == "STL";
        std::uint64_t fmt = 0;
        if (width > 0 && (!parse_u64(need("address format"), fmt, 10) || fmt > 2))
            bad(name, n, "address format must be 0 (list), 1 (base, stride) or 2 (base, deltas)");
        warp_program& prog = k->warp(unsigned(cta), unsigned(w));
        ++k->m_instructions;
        if (width == 0 || !(load || store) || mask == 0) {
            prog.add_alu(1);  // shared memory, constants, atomics (which bypass L1) and ALU work
            continue;
        }
        const auto lane_mask = static_cast<std::uint32_t>(mask);
        std::uint64_t addr[warp_size] = {};
        int prev = -1;
        std::uint64_t first = 0;
        std::int64_t stride = 0;
        if (fmt != 0) {
            if (!parse_u64(need("base address"), first))
                bad(name, n, "base address '" + t[i - 1] + "' is not a number");
            if (fmt == 1 && !parse_i64(need("stride"), stride))
                bad(name, n, "stride '" + t[i - 1] + "' is not a number");
        }
        for (unsigned lane = 0; lane < warp_size; ++lane) {
            if (!(lane_mask >> lane & 1u)) continue;
            if (fmt == 0) {
                if (!parse_u64(need("lane address"), addr[lane]))
                    bad(name, n, "address '" + t[i - 1] + "' is not a number");
            } else if (prev < 0) {
                addr[lane] = first;
            } else if (fmt == 1) {
                addr[lane] = addr[prev] + static_cast<std::uint64_t>(stride);
            } else {
                std::int64_t delta = 0;
                if (!parse_i64(need("address delta"), delta)) bad(name, n, "delta '" + t[i - 1] + "' is not a number");
                addr[lane] = addr[prev] + static_cast<std::uint64_t>(delta);
            }
            prev = static_cast<int>(lane);
        }
        prog.add_mem(load ? mem_op::load : mem_op::store, addr, lane_mask, unsigned(width));
        ++k->m_mem_instructions;
    }
    if (in_tb) bad(name, n, "missing #END_TB at the end of the file");
    if (k->m_ctas.empty()) bad(name, n, "no thread block in the trace");
    return k;
}

std::shared_ptr<trace_kernel> trace_kernel::read_file(const std::string& path) {
    const bool xz = ends_with(path, ".xz");
    const std::string inner = xz ? path.substr(0, path.size() - 3) : path;
    const auto parse = [&](std::istream& in) { return ends_with(inner, ".traceg") ? read_accelsim(in, path)
                                                                                   : read_text(in, path); };
    if (!xz) {
        std::ifstream in(path);
        if (!in) throw config::input_error({{config::location(path), "", "cannot open the trace file"}});
        return parse(in);
    }
    std::ifstream file(path, std::ios::binary);
    if (!file) throw config::input_error({{config::location(path), "", "cannot open the trace file"}});
    // Decompressed as it is read, so a trace is never held in memory twice (they shrink about tenfold).
    boost::iostreams::filtering_istream in;
    in.push(boost::iostreams::lzma_decompressor());
    in.push(file);
    in.exceptions(std::ios::badbit);  // let the decompressor's error through instead of a silent end of text
    try {
        return parse(in);
    } catch (const boost::iostreams::lzma_error& e) {
        throw config::input_error({{config::location(path), "", describe_xz_error(e.error())}});
    }
}

std::vector<kernel_ptr> trace_kernel::read_kernel_list(const std::string& path) {
    std::ifstream in(path);
    if (!in) throw config::input_error({{config::location(path), "", "cannot open the kernel list"}});
    const std::filesystem::path dir = std::filesystem::path(path).parent_path();
    std::vector<kernel_ptr> kernels;
    std::string text;
    int n = 0;
    while (std::getline(in, text)) {
        ++n;
        const std::vector<std::string> t = tokens(text);
        if (t.empty() || t[0][0] == '#') continue;
        if (t[0].rfind("MemcpyHtoD", 0) == 0) continue;  // host-to-device copies move no L1 traffic
        if (t.size() != 1 || !(ends_with(t[0], ".traceg") || ends_with(t[0], ".traceg.xz")))
            bad(path, n, "expected a kernel trace file (kernel-N.traceg) or a MemcpyHtoD line");
        std::filesystem::path file = dir / t[0];
        if (!std::filesystem::exists(file) && ends_with(t[0], ".traceg") &&
            std::filesystem::exists(file.string() + ".xz"))
            file += ".xz";
        if (!std::filesystem::exists(file)) bad(path, n, "kernel trace '" + file.string() + "' does not exist");
        kernels.push_back(read_file(file.lexically_normal().string()));
    }
    if (kernels.empty()) bad(path, n, "the kernel list names no kernel");
    return kernels;
}

std::vector<kernel_ptr> trace_kernel::read_kernels(const std::string& path) {
    if (ends_with(path, ".g")) return read_kernel_list(path);
    return {read_file(path)};
}

} // namespace vplab::l1agg
