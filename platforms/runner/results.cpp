#include "results.h"

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <sstream>
#include <stdexcept>
#include <unistd.h>

namespace vplab::platforms {

namespace fs = std::filesystem;

bool all_verified(const std::vector<variant_result>& results) {
    for (const variant_result& r : results)
        if (r.status != variant_result::state::ok || !r.outcome.verified) return false;
    return !results.empty();
}

void add_compare_metrics(const platform_def& platform, const config::scenario& scenario,
                         std::vector<variant_result>& results) {
    if (!platform.compare || results.size() < 2) return;
    std::vector<compared_variant> variants;
    for (std::size_t i = 0; i < results.size(); ++i) {
        if (results[i].status != variant_result::state::ok) return;
        variants.push_back({results[i].name, scenario.variants[i].params, results[i].outcome});
    }
    const auto extra = platform.compare(variants);
    for (variant_result& r : results) {
        auto it = extra.find(r.name);
        if (it != extra.end()) r.outcome.metrics.update(it->second);
    }
}

namespace {

nlohmann::json variant_json(const config::variant& v, const variant_result& r) {
    nlohmann::json j;
    j["name"] = v.name;
    j["verified"] = r.status == variant_result::state::ok && r.outcome.verified;
    j["sim_time_ns"] = r.outcome.sim_time_ns;
    j["wall_s"] = r.wall_s;
    j["message"] = r.status == variant_result::state::ok ? r.outcome.message : r.error;
    j["firmware_error"] = r.outcome.firmware_error;
    j["metrics"] = r.outcome.metrics;
    j["stats"] = r.outcome.stats;
    j["config"] = v.params.to_json();
    return j;
}

} // namespace

nlohmann::json results_document(const config::scenario& scenario, const std::vector<variant_result>& results,
                                double wall_s) {
    nlohmann::json doc;
    doc["scenario"] = scenario.name;
    doc["file"] = scenario.file;
    doc["platform"] = scenario.platform;
    doc["seed"] = scenario.seed;
    doc["wall_s"] = wall_s;
    doc["verified"] = all_verified(results);
    if (scenario.variants.size() == 1) {
        const nlohmann::json v = variant_json(scenario.variants[0], results[0]);
        for (const char* key : {"sim_time_ns", "message", "firmware_error", "metrics", "stats", "config"})
            doc[key] = v[key];
        return doc;
    }
    double sim_total = 0;
    doc["metrics"] = nlohmann::json::object();
    doc["variants"] = nlohmann::json::array();
    for (std::size_t i = 0; i < results.size(); ++i) {
        doc["variants"].push_back(variant_json(scenario.variants[i], results[i]));
        doc["metrics"][results[i].name] = results[i].outcome.metrics;
        sim_total += results[i].outcome.sim_time_ns;
    }
    doc["sim_time_ns"] = sim_total;
    return doc;
}

void write_file_atomically(const std::string& path, const std::string& contents) {
    const std::string tmp = path + ".tmp." + std::to_string(::getpid());
    {
        std::ofstream f(tmp, std::ios::binary | std::ios::trunc);
        f << contents;
        f.flush();
        if (!f) {
            std::remove(tmp.c_str());
            throw std::runtime_error("cannot write " + path);
        }
    }
    std::error_code ec;
    fs::rename(tmp, path, ec);
    if (ec) {
        std::remove(tmp.c_str());
        throw std::runtime_error("cannot write " + path + ": " + ec.message());
    }
}

void write_results(const std::string& out_dir, const nlohmann::json& document,
                   const std::vector<variant_result>& results) {
    fs::create_directories(out_dir);
    const bool several = results.size() > 1;
    for (const variant_result& r : results) {
        if (r.outcome.files.empty()) continue;
        const fs::path dir = several ? fs::path(out_dir) / r.name : fs::path(out_dir);
        fs::create_directories(dir);
        for (const auto& [name, contents] : r.outcome.files) write_file_atomically((dir / name).string(), contents);
    }
    write_file_atomically((fs::path(out_dir) / "results.json").string(), document.dump(2) + "\n");
}

std::string format_time_ns(double ns) {
    char buf[32];
    if (ns >= 1e9) std::snprintf(buf, sizeof buf, "%.3g s", ns / 1e9);
    else if (ns >= 1e6) std::snprintf(buf, sizeof buf, "%.3g ms", ns / 1e6);
    else if (ns >= 1e3) std::snprintf(buf, sizeof buf, "%.3g us", ns / 1e3);
    else std::snprintf(buf, sizeof buf, "%.3g ns", ns);
    return buf;
}

std::string format_wall_s(double s) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.2f s", s);
    return buf;
}

namespace {

std::string status_word(const variant_result& r) {
    switch (r.status) {
    case variant_result::state::ok: return r.outcome.verified ? "yes" : "NO";
    case variant_result::state::input_error: return "input";
    case variant_result::state::failed: return "error";
    }
    return "?";
}

std::string format_number(const nlohmann::json& v) {
    if (v.is_boolean()) return v.get<bool>() ? "true" : "false";
    if (v.is_number_integer() || v.is_number_unsigned()) return v.dump();
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.4g", v.get<double>());
    return buf;
}

} // namespace

void print_summary(std::ostream& os, const config::scenario& scenario, const std::vector<variant_result>& results) {
    std::size_t width = 8;
    for (const variant_result& r : results) width = std::max(width, r.name.size() + 2);
    os << "scenario " << scenario.name << " (platform " << scenario.platform << ", seed " << scenario.seed << ")\n";
    os << std::left << std::setw(static_cast<int>(width)) << "variant" << std::setw(10) << "verified" << std::setw(12)
       << "sim time" << std::setw(10) << "wall" << "result\n";
    for (const variant_result& r : results) {
        os << std::setw(static_cast<int>(width)) << r.name << std::setw(10) << status_word(r) << std::setw(12)
           << format_time_ns(r.outcome.sim_time_ns) << std::setw(10) << format_wall_s(r.wall_s)
           << (r.status == variant_result::state::ok ? r.outcome.message : r.error) << "\n";
    }

    // Numeric metrics side by side, in the first variant's key order.
    const nlohmann::json& first = results.front().outcome.metrics;
    std::size_t key_width = 8;
    for (const auto& [key, value] : first.items())
        if (value.is_primitive() && !value.is_string()) key_width = std::max(key_width, key.size() + 2);
    bool header = false;
    for (const auto& [key, value] : first.items()) {
        if (!value.is_primitive() || value.is_string() || value.is_null()) continue;
        if (!header) {
            os << "\n" << std::setw(static_cast<int>(key_width)) << "metric";
            for (const variant_result& r : results) os << std::right << std::setw(static_cast<int>(width + 4)) << r.name;
            os << std::left << "\n";
            header = true;
        }
        os << std::setw(static_cast<int>(key_width)) << key;
        for (const variant_result& r : results) {
            const nlohmann::json& m = r.outcome.metrics;
            os << std::right << std::setw(static_cast<int>(width + 4))
               << (m.contains(key) && m[key].is_primitive() ? format_number(m[key]) : "-");
        }
        os << std::left << "\n";
    }
}

} // namespace vplab::platforms
