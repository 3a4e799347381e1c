#pragma once
// A typed scenario parameter: its dotted key path, type, default, range and one-line description.

#include <optional>
#include <string>
#include <vector>

namespace vplab::config {

enum class kind {
    boolean,    // true / false
    integer,    // signed 64-bit
    unsigned_,  // unsigned 64-bit
    real,       // double
    string,
    choice,     // one of `choices`
    time,       // "100ns", "1.5 us", "2ms", "0"; stored in picoseconds
    bytes,      // 4096, "64KiB", "2 MiB", "1GB"; stored in bytes
};

const char* kind_name(kind k);

struct param {
    std::string path;                  // "demo.dma.burst_bytes"
    kind type = kind::string;
    std::string default_text;          // a YAML scalar in the form a user would write it
    std::string description;           // one line, shown by --dump-config and `vplab check`
    bool required = false;             // no default: the scenario must set it
    std::optional<double> min, max;    // inclusive; for time and bytes in ps / bytes
    std::vector<std::string> choices;  // for kind::choice
};

} // namespace vplab::config
