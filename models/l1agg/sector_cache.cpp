#include "sector_cache.h"

#include <stdexcept>

namespace vplab::l1agg {

sector_cache::sector_cache(const cache_geometry& g) : m_geo(g) {
    if (g.sets == 0 || g.ways == 0) throw std::invalid_argument("sector_cache: sets and ways must be positive");
    m_lines.resize(g.lines());
    m_tags.assign(g.lines(), no_tag);
    if (g.sets > 1 && (g.sets & (g.sets - 1)) == 0) m_set_mask = g.sets - 1;
}

sector_cache::line& sector_cache::allocate_in(std::size_t set_index, std::uint64_t line_addr, victim* evicted) {
    const std::size_t base = set_index * m_geo.ways;
    line* set = &m_lines[base];
    line* pick = nullptr;
    for (unsigned w = 0; w < m_geo.ways && !pick; ++w)
        if (!set[w].valid) pick = &set[w];
    if (!pick) {
        pick = &set[0];
        for (unsigned w = 1; w < m_geo.ways; ++w)
            if (set[w].stamp < pick->stamp) pick = &set[w];
    }
    if (evicted) *evicted = {pick->valid != 0, pick->dirty, pick->tag, pick->valid};
    *pick = line{};
    pick->tag = line_addr;
    m_tags[base + static_cast<std::size_t>(pick - set)] = line_addr;
    touch(*pick);
    return *pick;
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

} // namespace vplab::l1agg
