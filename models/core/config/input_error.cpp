#include "input_error.h"

namespace vplab::config {

namespace {

std::string join_problems(const std::vector<input_problem>& problems) {
    if (problems.empty())
        return "invalid input";
    std::string text;
    for (std::size_t i = 0; i < problems.size(); ++i)
        text += (i == 0 ? "" : "\n") + problems[i].str();
    return text;
}

} // namespace

std::string location::str() const {
    if (source == "--set" && !argument.empty())
        return "--set " + argument;
    if (source.empty() || line <= 0)
        return source;
    std::string text = source + ":" + std::to_string(line);
    if (column > 0)
        text += ":" + std::to_string(column);
    return text;
}

std::string input_problem::str() const {
    std::string text = where.str();
    text += text.empty() ? "error: " : ": error: ";
    if (!key_path.empty())
        text += key_path + ": ";
    return text + message;
}

input_error::input_error(std::vector<input_problem> problems)
    : std::runtime_error(join_problems(problems)), m_problems(std::move(problems)) {}

} // namespace vplab::config
