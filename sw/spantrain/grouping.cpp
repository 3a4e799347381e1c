#include "grouping.h"

#include <algorithm>
#include <numeric>

namespace vplab::spantrain {

namespace {
unsigned find_root(std::vector<unsigned>& parent, unsigned x) {
    while (parent[x] != x) x = parent[x] = parent[parent[x]];
    return x;
}
} // namespace

std::vector<device_group> group_devices(const fabric_profile& prof, const grouping_params& gp,
                                        const std::vector<bool>& excluded) {
    const unsigned n = prof.devices;
    auto out_of_play = [&](unsigned d) { return d < excluded.size() && excluded[d]; };
    std::vector<unsigned> parent(n);
    std::iota(parent.begin(), parent.end(), 0u);
    for (unsigned a = 0; a < n; ++a)
        for (unsigned b = a + 1; b < n; ++b)
            if (!out_of_play(a) && !out_of_play(b) && prof.bw(a, b) >= gp.net_bw_Bps && prof.bw(b, a) >= gp.net_bw_Bps)
                parent[find_root(parent, a)] = find_root(parent, b);

    std::vector<std::vector<unsigned>> level1;
    std::vector<int> index(n, -1);
    for (unsigned d = 0; d < n; ++d) {
        if (out_of_play(d)) continue;
        const unsigned r = find_root(parent, d);
        if (index[r] < 0) {
            index[r] = static_cast<int>(level1.size());
            level1.emplace_back();
        }
        level1[static_cast<size_t>(index[r])].push_back(d);
    }

    std::vector<device_group> groups;
    for (unsigned g = 0; g < level1.size(); ++g) {
        std::vector<unsigned> by_speed = level1[g];
        std::stable_sort(by_speed.begin(), by_speed.end(),
                         [&](unsigned a, unsigned b) { return prof.flops_per_s[a] > prof.flops_per_s[b]; });
        device_group current{{by_speed.front()}, g};
        for (size_t i = 1; i < by_speed.size(); ++i) {
            if (prof.flops_per_s[by_speed[i - 1]] > gp.compute_ratio * prof.flops_per_s[by_speed[i]]) {
                std::sort(current.devices.begin(), current.devices.end());
                groups.push_back(current);
                current.devices.clear();
            }
            current.devices.push_back(by_speed[i]);
        }
        std::sort(current.devices.begin(), current.devices.end());
        groups.push_back(current);
    }
    return groups;
}

} // namespace vplab::spantrain
