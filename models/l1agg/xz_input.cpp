#include "xz_input.h"

namespace vplab::l1agg {

namespace {

const char* describe(lzma_ret r) {
    switch (r) {
    case LZMA_FORMAT_ERROR: return "not xz data";
    case LZMA_DATA_ERROR: return "corrupt xz data";
    case LZMA_BUF_ERROR: return "truncated xz data";
    case LZMA_MEM_ERROR: return "out of memory while decompressing";
    case LZMA_OPTIONS_ERROR: return "unsupported xz options";
    default: return "xz decompression failed";
    }
}

} // namespace

xz_streambuf::xz_streambuf(const std::string& path) : m_in(1 << 16), m_out(1 << 16) {
    m_file = std::fopen(path.c_str(), "rb");
    if (!m_file) return;
    // Concatenated streams are one file, as xz itself reads them.
    const lzma_ret r = lzma_stream_decoder(&m_lzma, UINT64_MAX, LZMA_CONCATENATED);
    if (r != LZMA_OK) {
        m_error = describe(r);
        m_done = true;
    }
    setg(m_out.data(), m_out.data(), m_out.data());
}

xz_streambuf::~xz_streambuf() {
    lzma_end(&m_lzma);
    if (m_file) std::fclose(m_file);
}

xz_streambuf::int_type xz_streambuf::underflow() {
    if (gptr() < egptr()) return traits_type::to_int_type(*gptr());
    if (!m_file) return traits_type::eof();
    while (!m_done) {
        lzma_action action = LZMA_RUN;
        if (m_lzma.avail_in == 0) {
            m_lzma.next_in = reinterpret_cast<const std::uint8_t*>(m_in.data());
            m_lzma.avail_in = std::fread(m_in.data(), 1, m_in.size(), m_file);
            if (std::ferror(m_file)) {
                m_error = "read error";
                m_done = true;
                break;
            }
            if (std::feof(m_file)) action = LZMA_FINISH;
        }
        m_lzma.next_out = reinterpret_cast<std::uint8_t*>(m_out.data());
        m_lzma.avail_out = m_out.size();
        const lzma_ret r = lzma_code(&m_lzma, action);
        const std::size_t produced = m_out.size() - m_lzma.avail_out;
        if (r == LZMA_STREAM_END) m_done = true;
        else if (r != LZMA_OK) {
            m_error = describe(r);
            m_done = true;
        }
        if (produced > 0) {
            setg(m_out.data(), m_out.data(), m_out.data() + produced);
            return traits_type::to_int_type(*gptr());
        }
    }
    return traits_type::eof();
}

} // namespace vplab::l1agg
