#pragma once
// A typed scenario parameter: its dotted key path, type, default, range and one-line description.

#include <optional>
#include <string>
#include <vector>

namespace vplab::config {

enum class kind {
    boolean,    // true / false (also True, FALSE...); not yes/no/on/off/1/0
    integer,    // signed 64-bit: 42, -7, 0x10; no fractions or exponents
    unsigned_,  // unsigned 64-bit: 64, 0x40; negative is an error
    real,       // finite double: 0.5, 3, 1e-3
    string,
    choice,     // one of `choices`, exact match
    time,       // "100ns", "1.5 us", "2ms", "0"; units s ms us ns ps; stored in whole picoseconds
    bytes,      // 4096, 0x1000, "64KiB", "2 MiB", "1GB"; KB/MB/GB/TB are 1000^n, KiB/MiB/GiB/TiB 1024^n
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
