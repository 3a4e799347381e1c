#include "dram/sparse_storage.h"

#include <algorithm>
#include <cstring>

namespace vplab::dram {

const unsigned char* sparse_storage::find(std::uint64_t page_index) const {
    auto it = m_pages.find(page_index);
    return it == m_pages.end() ? nullptr : it->second.get();
}

unsigned char* sparse_storage::page(std::uint64_t offset) {
    auto& p = m_pages[offset / page_bytes];
    if (!p) {
        p.reset(new unsigned char[page_bytes]);
        std::memset(p.get(), 0, page_bytes);
    }
    return p.get();
}

void sparse_storage::read(std::uint64_t offset, unsigned char* out, std::uint64_t len) const {
    while (len > 0) {
        const std::uint64_t in_page = offset % page_bytes;
        const std::uint64_t n = std::min(len, page_bytes - in_page);
        const unsigned char* p = find(offset / page_bytes);
        if (p)
            std::memcpy(out, p + in_page, n);
        else
            std::memset(out, 0, n);
        out += n;
        offset += n;
        len -= n;
    }
}

void sparse_storage::write(std::uint64_t offset, const unsigned char* in, std::uint64_t len,
                           const unsigned char* enable, unsigned enable_len) {
    std::uint64_t done = 0;
    while (done < len) {
        const std::uint64_t in_page = offset % page_bytes;
        const std::uint64_t n = std::min(len - done, page_bytes - in_page);
        unsigned char* p = page(offset) + in_page;
        if (!enable || enable_len == 0) {
            std::memcpy(p, in + done, n);
        } else {
            for (std::uint64_t i = 0; i < n; ++i)
                if (enable[(done + i) % enable_len]) p[i] = in[done + i];
        }
        done += n;
        offset += n;
    }
}

} // namespace vplab::dram
