#pragma once
// Errors in user input: each names where it is (file:line:column or the --set argument) and the key path.

#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace vplab::config {

struct location {
    location() = default;
    // A constructor rather than an aggregate, so location{"--set", 0, 0} stays valid with `argument` added.
    location(std::string src, int ln = 0, int col = 0, std::string arg = {})
        : source(std::move(src)), line(ln), column(col), argument(std::move(arg)) {}

    std::string source;    // a file path, or "--set" for a command-line override
    int line = 0;          // 1-based; 0 when unknown
    int column = 0;        // 1-based; 0 when unknown
    std::string argument;  // for "--set": the argument as given ("fusefps.lanes=16")
    std::string str() const;  // "file:line:column", "file", or "--set fusefps.lanes=16"
};

struct input_problem {
    location where;
    std::string key_path;  // may be empty for syntax errors
    std::string message;
    std::string str() const;  // "file:3:5: error: sim.quantum: expected a time such as 100ns or 1us, got 'fast'"
};

// Thrown with every problem found (not just the first), so a user fixes them all in one go.
class input_error : public std::runtime_error {
public:
    explicit input_error(std::vector<input_problem> problems);
    const std::vector<input_problem>& problems() const { return m_problems; }

private:
    std::vector<input_problem> m_problems;
};

} // namespace vplab::config
