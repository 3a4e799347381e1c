#include "variant_runner.h"

#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <map>
#include <poll.h>
#include <sys/wait.h>
#include <unistd.h>

namespace vplab::platforms {

namespace {

using clock_type = std::chrono::steady_clock;

nlohmann::json outcome_to_json(const run_outcome& o) {
    return {{"verified", o.verified}, {"firmware_error", o.firmware_error}, {"message", o.message},
            {"sim_time_ns", o.sim_time_ns}, {"metrics", o.metrics}, {"stats", o.stats}, {"files", o.files}};
}

run_outcome outcome_from_json(const nlohmann::json& j) {
    run_outcome o;
    o.verified = j.at("verified");
    o.firmware_error = j.at("firmware_error");
    o.message = j.at("message");
    o.sim_time_ns = j.at("sim_time_ns");
    o.metrics = j.at("metrics");
    o.stats = j.at("stats");
    o.files = j.at("files").get<std::map<std::string, std::string>>();
    return o;
}

// "out/trace.vcd" for variant "fast" of several -> "out/trace.fast.vcd".
std::string per_variant(const std::string& file, const std::string& variant, bool several) {
    if (file.empty() || !several) return file;
    const auto slash = file.find_last_of('/');
    const auto dot = file.find_last_of('.');
    if (dot == std::string::npos || (slash != std::string::npos && dot < slash)) return file + "." + variant;
    return file.substr(0, dot) + "." + variant + file.substr(dot);
}

void write_all(int fd, const std::string& text) {
    for (std::size_t done = 0; done < text.size();) {
        const ssize_t n = ::write(fd, text.data() + done, text.size() - done);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return;
        done += static_cast<std::size_t>(n);
    }
}

// In the child: simulate and send the outcome, or the error, as one JSON document.
[[noreturn]] void child_main(int fd, const platform_def& platform, const config::scenario& scenario,
                             std::size_t index, const run_options& options) {
    const config::variant& v = scenario.variants[index];
    const bool several = scenario.variants.size() > 1;
    nlohmann::json reply;
    try {
        run_context ctx{v.params,
                        scenario.name,
                        v.name,
                        v.params.unsigned_("seed"),
                        per_variant(options.vcd_file, v.name, several),
                        per_variant(options.txn_log_file, v.name, several)};
        reply["outcome"] = outcome_to_json(platform.run(ctx));
    } catch (const config::input_error& e) {
        reply["input_error"] = e.what();
    } catch (const std::exception& e) {
        reply["error"] = e.what();
    }
    write_all(fd, reply.dump());
    ::close(fd);
    std::fflush(nullptr);
    // Skip static destructors: the SystemC kernel of this process is done and nothing else is shared.
    ::_exit(0);
}

struct child {
    std::size_t index;
    pid_t pid;
    int fd;
    std::string data;
    clock_type::time_point start;
};

void finish(child& c, std::vector<variant_result>& results) {
    int status = 0;
    while (::waitpid(c.pid, &status, 0) < 0 && errno == EINTR) {}
    variant_result& r = results[c.index];
    r.wall_s = std::chrono::duration<double>(clock_type::now() - c.start).count();
    if (WIFSIGNALED(status)) {
        r.error = "the simulation process died of signal " + std::to_string(WTERMSIG(status)) + " (" +
                  strsignal(WTERMSIG(status)) + ")";
        return;
    }
    const nlohmann::json reply = nlohmann::json::parse(c.data, nullptr, false);
    if (reply.is_discarded() || !reply.is_object()) {
        r.error = "the simulation process exited without a result (exit status " +
                  std::to_string(WIFEXITED(status) ? WEXITSTATUS(status) : -1) + ")";
    } else if (reply.contains("input_error")) {
        r.status = variant_result::state::input_error;
        r.error = reply["input_error"];
    } else if (reply.contains("error")) {
        r.error = reply["error"];
    } else {
        r.status = variant_result::state::ok;
        r.outcome = outcome_from_json(reply["outcome"]);
    }
}

} // namespace

std::vector<variant_result> run_variants(const platform_def& platform, const config::scenario& scenario,
                                         const run_options& options) {
    const std::size_t total = scenario.variants.size();
    std::vector<variant_result> results(total);
    for (std::size_t i = 0; i < total; ++i) results[i].name = scenario.variants[i].name;

    const auto started = clock_type::now();
    auto last_progress = started;
    bool progress_shown = false;
    std::size_t next = 0, done = 0;
    std::vector<child> running;
    const unsigned jobs = options.jobs ? options.jobs : 1;

    while (done < total) {
        while (next < total && running.size() < jobs) {
            int fds[2];
            if (::pipe(fds) != 0) throw std::runtime_error(std::string("pipe: ") + std::strerror(errno));
            std::fflush(nullptr);
            const pid_t pid = ::fork();
            if (pid < 0) throw std::runtime_error(std::string("fork: ") + std::strerror(errno));
            if (pid == 0) {
                ::close(fds[0]);
                for (const child& c : running) ::close(c.fd);
                child_main(fds[1], platform, scenario, next, options);
            }
            ::close(fds[1]);
            running.push_back({next++, pid, fds[0], {}, clock_type::now()});
        }

        std::vector<pollfd> polls;
        for (const child& c : running) polls.push_back({c.fd, POLLIN, 0});
        const int ready = ::poll(polls.data(), polls.size(), 250);
        if (ready < 0 && errno != EINTR) throw std::runtime_error(std::string("poll: ") + std::strerror(errno));
        for (std::size_t i = polls.size(); i-- > 0;) {
            if (!(polls[i].revents & (POLLIN | POLLHUP | POLLERR))) continue;
            char buf[65536];
            const ssize_t n = ::read(running[i].fd, buf, sizeof buf);
            if (n > 0) {
                running[i].data.append(buf, static_cast<std::size_t>(n));
            } else if (n == 0 || errno != EINTR) {
                ::close(running[i].fd);
                finish(running[i], results);
                running.erase(running.begin() + static_cast<long>(i));
                ++done;
            }
        }

        const auto now = clock_type::now();
        if (options.progress && now - started > std::chrono::seconds(2) &&
            now - last_progress > std::chrono::milliseconds(500)) {
            std::fprintf(stderr, "\r[vplab] %s: %zu/%zu variants done, %.1f s   ", scenario.name.c_str(), done, total,
                         std::chrono::duration<double>(now - started).count());
            last_progress = now;
            progress_shown = true;
        }
    }
    if (progress_shown) std::fprintf(stderr, "\r%80s\r", "");
    return results;
}

} // namespace vplab::platforms
