#pragma once
// Reads an xz-compressed file as a std::istream, decompressing on the fly with liblzma (Accel-Sim traces are
// shipped as .xz: they shrink about tenfold), so a trace is never held in memory twice.

#include <cstdio>
#include <istream>
#include <lzma.h>
#include <string>
#include <vector>

namespace vplab::l1agg {

class xz_streambuf : public std::streambuf {
public:
    explicit xz_streambuf(const std::string& path);
    ~xz_streambuf() override;
    xz_streambuf(const xz_streambuf&) = delete;
    xz_streambuf& operator=(const xz_streambuf&) = delete;

    bool opened() const { return m_file != nullptr; }
    // Empty while the data is good; else why decompression stopped (the stream then reads as ended).
    const std::string& error() const { return m_error; }

protected:
    int_type underflow() override;

private:
    std::FILE* m_file = nullptr;
    lzma_stream m_lzma = LZMA_STREAM_INIT;
    std::vector<char> m_in, m_out;
    bool m_done = false;
    std::string m_error;
};

class xz_istream : public std::istream {
public:
    explicit xz_istream(const std::string& path) : std::istream(nullptr), m_buf(path) { rdbuf(&m_buf); }
    bool opened() const { return m_buf.opened(); }
    const std::string& error() const { return m_buf.error(); }

private:
    xz_streambuf m_buf;
};

} // namespace vplab::l1agg
