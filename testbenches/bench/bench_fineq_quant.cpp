// Benchmark fineq_quant: FineQ encode and decode throughput on a 4096 x 4096 synthetic LLM-like matrix, in weights
// per wall second (median of 3 rounds), for the default scale search (12 candidate scales per row) and for a
// single candidate. Prints one JSON line.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fineq_quant/fineq_format.h>
#include <fineq_quant/synthetic.h>
#include <nlohmann/json.hpp>
#include <vector>

using namespace vplab;

namespace {
double seconds_since(std::chrono::steady_clock::time_point t) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
}
double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
}
} // namespace

int main() {
    constexpr std::size_t n = 4096, k = 4096;
    const fineq::matrix w = fineq::synthetic_weights(n, k, 1);
    const double weights = static_cast<double>(n * k);
    nlohmann::json j;
    j["bench"] = "fineq_quant";
    j["shape"] = {n, k};
    std::size_t checksum = 0;
    for (unsigned candidates : {12u, 1u}) {
        fineq::fineq_options o;
        o.scale_candidates = candidates;
        std::vector<double> enc, dec;
        for (int r = 0; r < 3; ++r) {
            auto t = std::chrono::steady_clock::now();
            const fineq::fineq_packed p = fineq::fineq_encode(w, o);
            enc.push_back(seconds_since(t));
            t = std::chrono::steady_clock::now();
            const fineq::int_weights q = fineq::fineq_decode(p);
            dec.push_back(seconds_since(t));
            checksum += static_cast<std::size_t>(q.codes[r]) + p.outlier_clusters;
        }
        const std::string key = "candidates_" + std::to_string(candidates);
        j[key]["encode_weights_per_s"] = weights / median(enc);
        j[key]["decode_weights_per_s"] = weights / median(dec);
        j[key]["encode_decode_weights_per_s"] = weights / (median(enc) + median(dec));
    }
    j["checksum"] = checksum;
    std::printf("%s\n", j.dump().c_str());
    return 0;
}
