#pragma once
// What a firmware app reports back: whether its result matched the golden algorithm, a one-line summary,
// and its headline metrics.

#include <nlohmann/json.hpp>
#include <string>

namespace vplab::apps {

struct app_report {
    bool verified = false;
    bool device_error = false;  // the device or driver reported an error (timeout, error code)
    std::string message;
    nlohmann::json metrics = nlohmann::json::object();
};

} // namespace vplab::apps
