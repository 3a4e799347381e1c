// Trace readers: the l1agg text format and Accel-Sim .traceg (all three address formats), good and malformed.
#include <catch2/catch.hpp>
#include <core/config/input_error.h>
#include <l1agg/trace_kernel.h>

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
