// The list of platforms. Adding one: write platforms/NAME/NAME_platform.{h,cpp}, then add it here.
#include "platform.h"

#include <demo/demo_platform.h>
#include <dram/dram_platform.h>
#include <fusefps/fusefps_platform.h>
#include <fineq/fineq_platform.h>
#include <l1agg/l1agg_platform.h>
#include <spantrain/spantrain_platform.h>
#include <map>
#include <stdexcept>

namespace vplab::platforms {

const std::vector<platform_def>& all_platforms() {
    static const std::vector<platform_def> list{
        demo_platform(),
        dram_platform(),
        fusefps_platform(),
        fineq_platform(),
        l1agg_platform(),
        spantrain_platform(),
    };
    return list;
}

const platform_def* find_platform(const std::string& name) {
    for (const platform_def& p : all_platforms())
        if (p.name == name) return &p;
    return nullptr;
}

const config::schema& platform_schema(const std::string& name) {
    static std::map<std::string, config::schema> cache;
    auto it = cache.find(name);
    if (it != cache.end()) return it->second;
    const platform_def* def = find_platform(name);
    if (!def) throw std::logic_error("no platform named " + name);
    config::schema s;
    config::add_common_params(s);
    def->declare(s);
    return cache.emplace(name, std::move(s)).first->second;
}

} // namespace vplab::platforms
