// The FuseFPS bus master on both faces: a transfer from an unaligned address is split on request-size boundaries
// of the address space, covers its bytes exactly once, and moves the data.
#include <catch2/catch.hpp>
#include <fusefps/stream_dma.h>

#include <cstdint>
#include <systemc>
#include <tlm_utils/simple_target_socket.h>
#include <vector>

using namespace vplab;

namespace {

// A memory that records every request it is given (b_transport only: the socket adapts the AT face to it).
struct recording_memory : sc_core::sc_module {
    tlm_utils::simple_target_socket<recording_memory> in{"in"};
    std::vector<unsigned char> bytes = std::vector<unsigned char>(64 * 1024);
    struct request {
        std::uint64_t addr;
        unsigned len;
        bool write;
    };
    std::vector<request> seen;

    explicit recording_memory(sc_core::sc_module_name name) : sc_module(name) {
        in.register_b_transport(this, &recording_memory::b_transport);
    }
    void b_transport(tlm::tlm_generic_payload& t, sc_core::sc_time& delay) {
        const std::uint64_t a = t.get_address();
        const unsigned len = t.get_data_length();
        seen.push_back({a, len, t.is_write()});
        if (t.is_write()) std::copy_n(t.get_data_ptr(), len, bytes.begin() + static_cast<std::ptrdiff_t>(a));
        else std::copy_n(bytes.begin() + static_cast<std::ptrdiff_t>(a), len, t.get_data_ptr());
        delay += sc_core::sc_time(10, sc_core::SC_NS);
        t.set_response_status(tlm::TLM_OK_RESPONSE);
    }
};

struct dma_bench : sc_core::sc_module {
    models::stream_dma dma;
    recording_memory mem{"mem"};
    std::vector<unsigned char> got = std::vector<unsigned char>(3000);
    bool read_ok = false, write_ok = false;

    dma_bench(sc_core::sc_module_name name, models::stream_dma::face f) : sc_module(name), dma("dma", 1024, 4, f) {
        dma.out.bind(mem.in);
        for (std::size_t i = 0; i < mem.bytes.size(); ++i) mem.bytes[i] = static_cast<unsigned char>(i * 7 + 3);
        SC_HAS_PROCESS(dma_bench);
        SC_THREAD(run);
    }
    void run() {
        read_ok = dma.read(0x1030, got.data(), got.size()).ok();
        write_ok = dma.write(0x8010, got.data(), got.size()).ok();
        dma.sync();
    }
};

// Requests of one transfer, in order: contiguous, each inside one aligned 1 KiB block, as few as that allows.
void check_split(const std::vector<recording_memory::request>& seen, std::uint64_t addr, std::uint64_t n) {
    REQUIRE(!seen.empty());
    std::uint64_t next = addr;
    for (const auto& r : seen) {
        INFO("request at 0x" << std::hex << r.addr << std::dec << ", " << r.len << " bytes");
        CHECK(r.addr == next);
        CHECK(r.addr / 1024 == (r.addr + r.len - 1) / 1024);
        next = r.addr + r.len;
    }
    CHECK(next == addr + n);
    CHECK(seen.size() == (addr + n + 1023) / 1024 - addr / 1024);
}

void check_face(models::stream_dma::face f) {
    dma_bench b("bench", f);
    sc_core::sc_start();
    REQUIRE(b.read_ok);
    REQUIRE(b.write_ok);
    std::vector<recording_memory::request> reads, writes;
    for (const auto& r : b.mem.seen) (r.write ? writes : reads).push_back(r);
    check_split(reads, 0x1030, 3000);   // 976 + 1024 + 1000 bytes
    check_split(writes, 0x8010, 3000);  // 1008 + 1024 + 968 bytes
    for (std::size_t i = 0; i < b.got.size(); ++i) {
        INFO("byte " << i);
        REQUIRE(b.got[i] == static_cast<unsigned char>((0x1030 + i) * 7 + 3));
        REQUIRE(b.mem.bytes[0x8010 + i] == b.got[i]);
    }
}

} // namespace

TEST_CASE("stream_dma: an unaligned transfer is split on request-size boundaries (lt face)") {
    check_face(models::stream_dma::face::lt);
}

TEST_CASE("stream_dma: an unaligned transfer is split on request-size boundaries (at face)") {
    check_face(models::stream_dma::face::at);
}
