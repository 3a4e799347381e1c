#include "text_util.h"
#include "schema.h"

#include <algorithm>
#include <cctype>
#include <numeric>

namespace vplab::config::detail {

namespace {

char fold(char c) {
    return static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
}

} // namespace

std::size_t edit_distance(std::string_view a, std::string_view b) {
    // Optimal string alignment: Levenshtein plus swapped neighbours, the commonest typo ("dmeo").
    std::vector<std::size_t> before(b.size() + 1), previous(b.size() + 1), row(b.size() + 1);
    std::iota(previous.begin(), previous.end(), std::size_t{0});
    for (std::size_t i = 1; i <= a.size(); ++i) {
        row[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j) {
            const bool same = fold(a[i - 1]) == fold(b[j - 1]);
            row[j] = std::min({previous[j] + 1, row[j - 1] + 1, previous[j - 1] + (same ? 0 : 1)});
            if (i > 1 && j > 1 && fold(a[i - 1]) == fold(b[j - 2]) && fold(a[i - 2]) == fold(b[j - 1]))
                row[j] = std::min(row[j], before[j - 2] + 1);
        }
        before.swap(previous);
        previous.swap(row);
    }
    return previous[b.size()];
}

bool is_near_miss(std::size_t distance, std::size_t length) {
    return distance <= std::max<std::size_t>(1, length / 3);
}

std::string closest(const std::string& word, const std::vector<std::string>& candidates) {
    std::string best;
    std::size_t best_distance = 0;
    for (const auto& candidate : candidates) {
        const std::size_t d = edit_distance(word, candidate);
        if (best.empty() || d < best_distance) {
            best = candidate;
            best_distance = d;
        }
    }
    return !best.empty() && is_near_miss(best_distance, word.size()) ? best : std::string();
}

std::string did_you_mean(const std::string& suggestion) {
    return suggestion.empty() ? std::string() : " (did you mean " + quote(suggestion) + "?)";
}

std::string group_children(const schema& s, const std::string& group) {
    std::vector<std::string> names;
    const std::string prefix = group + ".";
    for (const auto& p : s.params()) {
        if (p.path.compare(0, prefix.size(), prefix) != 0)
            continue;
        const std::string child = p.path.substr(prefix.size(), p.path.find('.', prefix.size()) - prefix.size());
        if (std::find(names.begin(), names.end(), child) == names.end())
            names.push_back(child);
    }
    return join(names, ", ");
}

std::string join(const std::vector<std::string>& items, const std::string& separator) {
    std::string out;
    for (std::size_t i = 0; i < items.size(); ++i)
        out += (i == 0 ? "" : separator) + items[i];
    return out;
}

std::string quote(const std::string& text) {
    return "'" + text + "'";
}

std::string trim(const std::string& text) {
    const auto first = text.find_first_not_of(" \t\r\n");
    if (first == std::string::npos)
        return {};
    const auto last = text.find_last_not_of(" \t\r\n");
    return text.substr(first, last - first + 1);
}

} // namespace vplab::config::detail
