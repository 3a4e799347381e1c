#include "sector_cache.h"

#include <algorithm>
#include <stdexcept>

namespace vplab::l1agg {

sector_cache::sector_cache(const cache_geometry& g) : m_geo(g) {
    if (g.sets == 0 || g.ways == 0) throw std::invalid_argument("sector_cache: sets and ways must be positive");
    m_lines.resize(g.lines());
    m_tags.assign(g.lines(), no_tag);
    if (g.sets > 1 && (g.sets & (g.sets - 1)) == 0) m_set_mask = g.sets - 1;
}

bool sector_cache::invalidate(std::uint64_t line_addr) {
    line* l = find(line_addr);
    if (!l) return false;
    m_tags[static_cast<std::size_t>(l - m_lines.data())] = no_tag;
    *l = line{};
    return true;
}

void sector_cache::flush() {
    for (line& l : m_lines) l = line{};
    for (std::uint64_t& t : m_tags) t = no_tag;
}

void sector_cache::renumber() {
    std::vector<line*> used;
    for (line& l : m_lines)
        if (l.stamp) used.push_back(&l);
    std::sort(used.begin(), used.end(), [](const line* a, const line* b) { return a->stamp < b->stamp; });
    m_clock = 0;
    for (line* l : used) l->stamp = ++m_clock;
}

void sector_cache::advance_clock(std::uint32_t n) {
    if (max_stamp - m_clock < n) renumber();
    m_clock += std::min(n, max_stamp - m_clock);
}

} // namespace vplab::l1agg
