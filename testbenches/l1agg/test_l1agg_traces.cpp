// Trace readers: the l1agg text format and Accel-Sim .traceg (all three address formats), good and malformed.
#include <catch2/catch.hpp>
#include <core/config/input_error.h>
#include <l1agg/trace_kernel.h>

#include <filesystem>
#include <fstream>
#include <lzma.h>
#include <sstream>

using namespace vplab::l1agg;
using vplab::config::input_error;

namespace {

std::string error_of(const std::string& text, bool accelsim) {
    std::istringstream in(text);
    try {
        if (accelsim) trace_kernel::read_accelsim(in, "k.traceg");
        else trace_kernel::read_text(in, "k.trace");
    } catch (const input_error& e) {
        return e.problems().at(0).str();
    }
    return "no error";
}

const char* const accelsim_header = "-kernel name = k\n-grid dim = (2,1,1)\n-block dim = (64,1,1)\n";

std::string slurp(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

void write_file(const std::filesystem::path& path, const std::string& bytes) {
    std::ofstream(path, std::ios::binary) << bytes;
}

// The test's own compressor (liblzma's one-shot encoder), independent of the streaming reader under test.
void write_xz(const std::filesystem::path& path, const std::string& text) {
    std::vector<std::uint8_t> out(lzma_stream_buffer_bound(text.size()));
    std::size_t used = 0;
    REQUIRE(lzma_easy_buffer_encode(6, LZMA_CHECK_CRC64, nullptr, reinterpret_cast<const std::uint8_t*>(text.data()),
                                    text.size(), out.data(), &used, out.size()) == LZMA_OK);
    write_file(path, std::string(reinterpret_cast<const char*>(out.data()), used));
}

// A fresh directory per test case (ctest runs cases in parallel processes).
std::filesystem::path scratch(const std::string& name) {
    const auto dir = std::filesystem::temp_directory_path() / ("l1agg_test_" + name);
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    return dir;
}

std::string file_error(const std::string& path) {
    try {
        trace_kernel::read_kernels(path);
    } catch (const input_error& e) {
        return e.problems().at(0).str();
    }
    return "no error";
}

// Every line request of every warp of every CTA, to compare two readings of one trace.
std::vector<std::uint64_t> lines_of(const trace_kernel& k) {
    std::vector<std::uint64_t> out;
    std::vector<warp_program> warps;
    for (unsigned c = 0; c < k.ctas(); ++c) {
        k.cta(c, warps);
        for (const warp_program& w : warps)
            for (const line_access& a : w.accesses) out.push_back(a.line * 16 + a.sectors);
    }
    return out;
}

} // namespace

TEST_CASE("l1agg: the text trace format coalesces lanes into lines and sectors") {
    std::istringstream in("# two CTAs\n0 0 alu 3\n0 0 ld 4 0x1000 0x1004 0x1020 0x1080\n1 1 st 8 4096\n");
    const auto k = trace_kernel::read_text(in, "t.trace");
    CHECK(k->ctas() == 2);
    CHECK(k->warps_per_cta() == 2);
    CHECK(k->instructions() == 5);
    CHECK(k->memory_instructions() == 2);
    std::vector<warp_program> w;
    k->cta(0, w);
    REQUIRE(w[0].insts.size() == 1);
    CHECK(w[0].insts[0].alu == 3);
    CHECK(w[0].insts[0].op == mem_op::load);
    REQUIRE(w[0].accesses.size() == 2);  // line 0x20 (sectors 0 and 1) and line 0x21 (sector 0)
    CHECK(w[0].accesses[0].line == 0x1000 / 128);
    CHECK(w[0].accesses[0].sectors == 0x3);
    CHECK(w[0].accesses[1].line == 0x1080 / 128);
    CHECK(w[0].accesses[1].sectors == 0x1);
    k->cta(1, w);
    CHECK(w[1].insts[0].op == mem_op::store);
    REQUIRE(w[1].accesses.size() == 1);
    CHECK(w[1].accesses[0].line == 4096 / 128);
}

TEST_CASE("l1agg: text trace addresses are hexadecimal after 0x and decimal otherwise, leading zeros included") {
    std::istringstream in("0 0 ld 4 0000000256 0x0100\n");
    const auto k = trace_kernel::read_text(in, "z.trace");
    std::vector<warp_program> w;
    k->cta(0, w);
    REQUIRE(w[0].accesses.size() == 1);  // 256 and 0x100 are the same address
    CHECK(w[0].accesses[0].line == 256 / 128);
}

TEST_CASE("l1agg: Accel-Sim traces give the same lines for list, base-stride and base-delta addresses") {
    // The same 32 consecutive words written in the three formats: all become one full line.
    std::string deltas;
    for (int i = 0; i < 31; ++i) deltas += " 4";
    std::ostringstream t;
    t << accelsim_header << "#BEGIN_TB\nthread block = 1,0,0\nwarp = 0\ninsts = 4\n"
      << "0000 ffffffff 1 R1 LDG.E 1 R2 4 1 0x7f0000001000 4\n"
      << "0010 ffffffff 1 R1 LDG.E 1 R2 4 2 0x7f0000001000" << deltas << "\n"
      << "0020 ffffffff 1 R1 IMAD 2 R1 R2 0\n"
      << "0030 0000000f 0 STG.E 2 R1 R2 4 0 0x7f0000001000 0x7f0000001004 0x7f0000001008 0x7f000000100c\n"
      << "#END_TB\n";
    std::istringstream in(t.str());
    const auto k = trace_kernel::read_accelsim(in, "k.traceg");
    CHECK(k->ctas() == 2);  // grid dim (2,1,1); thread block 1 is CTA 1
    CHECK(k->instructions() == 4);
    CHECK(k->memory_instructions() == 3);
    std::vector<warp_program> w;
    k->cta(1, w);
    REQUIRE(w[0].accesses.size() == 3);
    for (const line_access& a : w[0].accesses) CHECK(a.line == 0x7f0000001000ull / 128);
    CHECK(w[0].accesses[0].sectors == 0xf);
    CHECK(w[0].accesses[1].sectors == 0xf);
    CHECK(w[0].accesses[2].sectors == 0x1);  // 4 lanes x 4 bytes = the first sector
    CHECK(w[0].insts.back().op == mem_op::store);
    CHECK(w[0].insts.back().alu == 1);  // the IMAD before it
}

TEST_CASE("l1agg: malformed text trace lines are reported with file and line") {
    CHECK_THAT(error_of("0 0 alu 1\n0 0 ld 4\n", false), Catch::StartsWith("k.trace:2") && Catch::Contains("1 .. 32"));
    CHECK_THAT(error_of("0 0 alu\n", false), Catch::StartsWith("k.trace:1") && Catch::Contains("expected"));
    CHECK_THAT(error_of("0 0 mov 4 0x10\n", false),
               Catch::StartsWith("k.trace:1") && Catch::Contains("unknown operation"));
    CHECK_THAT(error_of("0 0 ld 3 0x10\n", false), Catch::Contains("width '3'"));
    CHECK_THAT(error_of("0 x ld 4 0x10\n", false), Catch::Contains("warp index 'x'"));
    CHECK_THAT(error_of("\n\n0 0 ld 4 0xZZ\n", false), Catch::StartsWith("k.trace:3") && Catch::Contains("0xZZ"));
    CHECK_THAT(error_of("# nothing\n", false), Catch::Contains("no instructions"));
}

TEST_CASE("l1agg: malformed Accel-Sim lines are reported with file and line") {
    const std::string h = accelsim_header;
    const std::string tb = "#BEGIN_TB\nthread block = 0,0,0\nwarp = 0\ninsts = 1\n";
    CHECK_THAT(error_of(h + tb + "0000 ffffffff 1 R1 LDG.E 1 R2 4 1 0x1000\n#END_TB\n", true),
               Catch::StartsWith("k.traceg:8") && Catch::Contains("missing stride"));
    CHECK_THAT(error_of(h + tb + "0000 fffffff 1 R1 LDG.E 1 R2 4 7 0x1000 4\n#END_TB\n", true),
               Catch::Contains("address format"));
    CHECK_THAT(error_of(h + tb + "0000 00000003 0 STG.E 1 R2 4 0 0x1000\n#END_TB\n", true),
               Catch::Contains("missing lane address"));
    CHECK_THAT(error_of(h + tb + "0000 ffffffff 1 R1 LDG.E 1 R2 4 2 0x1000 4 4\n#END_TB\n", true),
               Catch::Contains("missing address delta"));
    CHECK_THAT(error_of(h + tb + "zz ffffffff 0 EXIT 0 0\n#END_TB\n", true), Catch::Contains("PC 'zz'"));
    CHECK_THAT(error_of(h + "#BEGIN_TB\nthread block = 5,0,0\n", true),
               Catch::StartsWith("k.traceg:5") && Catch::Contains("outside the grid"));
    CHECK_THAT(error_of(h + tb + "0000 ffffffff 0 EXIT 0 0\n0010 ffffffff 0 EXIT 0 0\n#END_TB\n", true),
               Catch::StartsWith("k.traceg:10") && Catch::Contains("insts = 1 but has 2"));
    CHECK_THAT(error_of(h + tb + "0000 ffffffff 0 EXIT 0 0\n", true), Catch::Contains("missing #END_TB"));
}

TEST_CASE("l1agg: the shipped traces parse") {
    const auto a = trace_kernel::read_file("scenarios/l1agg/traces/tiny_gemv.traceg");
    CHECK(a->ctas() == 8);
    CHECK(a->warps_per_cta() == 2);
    CHECK(a->memory_instructions() == 8 * 2 * 17);
    const auto t = trace_kernel::read_file("scenarios/l1agg/traces/tiny.trace");
    CHECK(t->ctas() == 4);
    CHECK_THROWS_AS(trace_kernel::read_file("scenarios/l1agg/traces/missing.trace"), input_error);
}

TEST_CASE("l1agg: an xz-compressed Accel-Sim trace reads the same as the plain one") {
    const auto dir = scratch("xz_same");
    const std::string plain = "scenarios/l1agg/traces/tiny_gemv.traceg";
    write_xz(dir / "kernel-1.traceg.xz", slurp(plain));
    const auto a = trace_kernel::read_file(plain);
    const auto b = trace_kernel::read_file((dir / "kernel-1.traceg.xz").string());
    CHECK(b->ctas() == a->ctas());
    CHECK(b->memory_instructions() == a->memory_instructions());
    CHECK(lines_of(*b) == lines_of(*a));
    CHECK(!lines_of(*a).empty());
}

TEST_CASE("l1agg: a malformed line in a compressed trace is reported with its file and line") {
    const auto dir = scratch("xz_bad");
    const std::string tb = "#BEGIN_TB\nthread block = 0,0,0\nwarp = 0\ninsts = 1\n";
    const std::string path = (dir / "kernel-1.traceg.xz").string();
    write_xz(path, std::string(accelsim_header) + tb + "0000 ffffffff 1 R1 LDG.E 1 R2 4 1 0x1000\n#END_TB\n");
    CHECK_THAT(file_error(path), Catch::StartsWith(path + ":8") && Catch::Contains("missing stride"));
    const std::string text = (dir / "k.trace.xz").string();
    write_xz(text, "0 0 alu 1\n\n0 0 ld 4 0xZZ\n");
    CHECK_THAT(file_error(text), Catch::StartsWith(text + ":3") && Catch::Contains("0xZZ"));
    // Damaged compressed data is named as such, not blamed on the last line it cut short.
    const std::string junk = (dir / "junk.traceg.xz").string();
    write_file(junk, "this is not xz\n");
    CHECK_THAT(file_error(junk), Catch::StartsWith(junk) && Catch::Contains("not xz data"));
    std::string cut = slurp(path);
    cut.resize(cut.size() / 2);
    const std::string truncated = (dir / "cut.traceg.xz").string();
    write_file(truncated, cut);
    CHECK_THAT(file_error(truncated), Catch::StartsWith(truncated) && Catch::Contains("xz data"));
}

TEST_CASE("l1agg: kernelslist.g launches its kernels in order, skipping MemcpyHtoD, plain or compressed") {
    const auto dir = scratch("kernelslist");
    const std::string h = "-grid dim = (3,1,1)\n";
    const std::string one_cta = "-grid dim = (1,1,1)\n#BEGIN_TB\nthread block = 0,0,0\nwarp = 0\ninsts = 1\n"
                                "0000 ffffffff 1 R1 LDG.E 1 R2 4 1 0x1000 4\n#END_TB\n";
    const std::string three_ctas = h + "#BEGIN_TB\nthread block = 2,0,0\nwarp = 1\ninsts = 1\n"
                                       "0000 ffffffff 1 R1 STG.E 1 R2 4 1 0x2000 4\n#END_TB\n";
    write_xz(dir / "kernel-1.traceg.xz", one_cta);
    write_file(dir / "kernel-2.traceg", three_ctas);
    write_file(dir / "kernelslist.g", "MemcpyHtoD,0x00007f0000000000,4096\nkernel-1.traceg\n\n"
                                      "MemcpyHtoD,0x00007f0000100000,4096\nkernel-2.traceg\nkernel-1.traceg\n");
    const auto k = trace_kernel::read_kernels((dir / "kernelslist.g").string());
    REQUIRE(k.size() == 3);
    CHECK(k[0]->ctas() == 1);
    CHECK(k[1]->ctas() == 3);
    CHECK(k[1]->warps_per_cta() == 2);
    CHECK(k[2]->ctas() == 1);

    const std::string list = (dir / "bad.g").string();
    write_file(list, "kernel-1.traceg\nMemcpyHtoD,0x0,16\nlaunch kernel-2\n");
    CHECK_THAT(file_error(list), Catch::StartsWith(list + ":3") && Catch::Contains("kernel trace file"));
    write_file(list, "kernel-1.traceg\nkernel-9.traceg\n");
    CHECK_THAT(file_error(list), Catch::StartsWith(list + ":2") && Catch::Contains("kernel-9.traceg"));
    write_file(list, "MemcpyHtoD,0x0,16\n");
    CHECK_THAT(file_error(list), Catch::Contains("names no kernel"));
    // A bad line inside a listed kernel names that kernel's file and line, not the list's.
    write_xz(dir / "kernel-3.traceg.xz", h + "#BEGIN_TB\nthread block = 7,0,0\n");
    write_file(list, "kernel-3.traceg\n");
    CHECK_THAT(file_error(list), Catch::StartsWith((dir / "kernel-3.traceg.xz").string() + ":3"));
}

TEST_CASE("l1agg: the shipped Accel-Sim kernel list reads two compressed kernels") {
    const auto k = trace_kernel::read_kernels("scenarios/l1agg/traces/accelsim_gemv/kernelslist.g");
    REQUIRE(k.size() == 2);
    const auto plain = trace_kernel::read_file("scenarios/l1agg/traces/tiny_gemv.traceg");
    for (const auto& kernel : k) CHECK(lines_of(static_cast<const trace_kernel&>(*kernel)) == lines_of(*plain));
}
