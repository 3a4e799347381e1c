#pragma once
// Small string helpers shared by the configuration sources: near-miss suggestions and message pieces.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace vplab::config {
class schema;
}

namespace vplab::config::detail {

// Edit distance (Levenshtein, with a swap of neighbours counting as one edit), ignoring ASCII case.
std::size_t edit_distance(std::string_view a, std::string_view b);

// Close enough to suggest: at most a third of the word's length differs (at least one edit allowed).
bool is_near_miss(std::size_t distance, std::size_t length);

// The first candidate nearest to `word` when it is a near miss, else "".
std::string closest(const std::string& word, const std::vector<std::string>& candidates);

// " (did you mean 'x'?)", or "" when `suggestion` is empty.
std::string did_you_mean(const std::string& suggestion);

// The names directly below a group, in declaration order: "sim" -> "quantum, time_limit".
std::string group_children(const schema& s, const std::string& group);

std::string join(const std::vector<std::string>& items, const std::string& separator);
std::string quote(const std::string& text);  // 'text', for messages
std::string trim(const std::string& text);

} // namespace vplab::config::detail
