// vplab: run, check and inspect scenarios of the virtual platforms.
// Exit codes: 0 success; 1 the simulation ran but its result failed verification or the firmware reported an
// error; 2 bad usage or bad input (nothing is written then).

#include "platform.h"
#include "results.h"
#include "variant_runner.h"

#include <boost/program_options.hpp>
#include <chrono>
#include <core/config/scenario.h>
#include <core/logger.h>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <systemc>
#include <thread>
#include <unistd.h>

namespace po = boost::program_options;
namespace fs = std::filesystem;
using namespace vplab;

namespace {

// SystemC prints its banner before sc_main runs; static initialisation of this program comes earlier still.
const bool banner_off = [] { return ::setenv("SYSTEMC_DISABLE_COPYRIGHT_MESSAGE", "1", 0) == 0; }();

constexpr int exit_ok = 0, exit_failed = 1, exit_bad_input = 2;

const char* const usage_text = R"(usage: vplab COMMAND [ARGS]

commands:
  run [SCENARIO...] [options]  simulate scenarios (with none: a small run of every platform)
  check SCENARIO... [--set ...] validate scenarios without simulating them
  list                         platforms and the scenarios shipped with vplab
  regs PLATFORM                print a platform's register map

'vplab run --help' lists the run options.
)";

struct cli_error : std::runtime_error {
    using std::runtime_error::runtime_error;
};

config::schema_lookup lookup() {
    return [](const std::string& name) -> const config::schema* {
        return platforms::find_platform(name) ? &platforms::platform_schema(name) : nullptr;
    };
}

config::platform_names names() {
    return [] {
        std::vector<std::string> out;
        for (const auto& p : platforms::all_platforms()) out.push_back(p.name);
        return out;
    };
}

void report(const config::input_error& e) {
    for (const auto& p : e.problems()) std::cerr << p.str() << "\n";
}

// Loads a scenario and runs the platform's own cross-parameter checks on every variant.
config::scenario load(const std::string& file, const std::string& text, const std::vector<std::string>& sets) {
    config::scenario s = text.empty() ? config::load_scenario_file(file, sets, lookup(), names())
                                      : config::load_scenario_text(text, file, sets, lookup(), names());
    const platforms::platform_def& def = *platforms::find_platform(s.platform);
    std::vector<config::input_problem> problems;
    for (const config::variant& v : s.variants) {
        const std::string in_variant = s.variants.size() > 1 ? " (variant " + v.name + ")" : "";
        try {
            core::logger::parse_instance_levels(v.params.string("log.instances"));
        } catch (const std::invalid_argument& e) {
            problems.push_back({v.params.where("log.instances"), "log.instances", e.what() + in_variant});
        }
        try {
            if (def.validate) def.validate(v.params);
        } catch (const config::input_error& e) {
            for (auto p : e.problems()) {
                p.message += in_variant;
                problems.push_back(p);
            }
        }
    }
    if (!problems.empty()) throw config::input_error(problems);
    return s;
}

void dump_config(const config::scenario& s) {
    for (const config::variant& v : s.variants) {
        if (s.variants.size() > 1) std::cout << "# variant: " << v.name << "\n";
        std::cout << v.params.dump_yaml();
        if (s.variants.size() > 1) std::cout << "\n";
    }
}

struct run_args {
    std::vector<std::string> scenarios;
    std::vector<std::string> sets;
    std::string out_dir, vcd, txn_log;
    bool dump = false, quiet = false;
    unsigned jobs = 0;
};

platforms::run_options options_for(const run_args& a) {
    platforms::run_options o;
    o.vcd_file = a.vcd;
    o.txn_log_file = a.txn_log;
    o.jobs = a.jobs ? a.jobs : std::max(1u, std::thread::hardware_concurrency());
    o.progress = !a.quiet && ::isatty(STDERR_FILENO);
    return o;
}

// Simulates a loaded scenario; an input error found while simulating (a trace file) means exit 2, nothing written.
int simulate(const config::scenario& s, const run_args& a, const std::string& out_dir) {
    const auto start = std::chrono::steady_clock::now();
    const platforms::platform_def& def = *platforms::find_platform(s.platform);
    auto results = platforms::run_variants(def, s, options_for(a));
    const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    bool input_problem = false;
    for (const auto& r : results)
        if (r.status == platforms::variant_result::state::input_error) {
            std::cerr << r.error << "\n";
            input_problem = true;
        }
    if (input_problem) return exit_bad_input;
    platforms::add_compare_metrics(def, s, results);
    platforms::write_results(out_dir, platforms::results_document(s, results, wall), results);
    if (!a.quiet) {
        platforms::print_summary(std::cout, s, results);
        std::cout << "\nresults: " << (fs::path(out_dir) / "results.json").string() << "\n";
    }
    return platforms::all_verified(results) ? exit_ok : exit_failed;
}

// The built-in run: every platform's small default scenario, one summary table.
int run_default(const run_args& a) {
    std::vector<std::string> unused = a.sets;
    std::vector<config::scenario> scenarios;
    std::vector<config::input_problem> problems;
    for (const auto& def : platforms::all_platforms()) {
        const config::schema& schema = platforms::platform_schema(def.name);
        std::vector<std::string> sets;  // each override goes to the platforms that know its key
        for (const std::string& set : a.sets)
            if (schema.find(set.substr(0, set.find('=')))) {
                sets.push_back(set);
                unused.erase(std::remove(unused.begin(), unused.end(), set), unused.end());
            }
        try {
            scenarios.push_back(load("<built-in " + def.name + ">", def.default_scenario, sets));
        } catch (const config::input_error& e) {
            problems.insert(problems.end(), e.problems().begin(), e.problems().end());
        }
    }
    for (const std::string& set : unused)
        problems.push_back({{"--set", 0, 0, set}, set.substr(0, set.find('=')), "no platform has this key"});
    if (!problems.empty()) throw config::input_error(problems);
    if (a.dump) {
        for (const auto& s : scenarios) {
            std::cout << "# platform: " << s.platform << "\n";
            dump_config(s);
        }
        return exit_ok;
    }

    const auto start = std::chrono::steady_clock::now();
    nlohmann::json doc{{"scenario", "default"}, {"platform", "all"}, {"seed", scenarios.front().seed}};
    doc["platforms"] = nlohmann::json::object();
    doc["metrics"] = nlohmann::json::object();
    bool verified = true;
    double sim_total = 0;
    std::vector<std::pair<std::string, platforms::variant_result>> rows;
    for (const auto& s : scenarios) {
        const auto results = platforms::run_variants(*platforms::find_platform(s.platform), s, options_for(a));
        for (const auto& r : results)
            if (r.status == platforms::variant_result::state::input_error) {
                std::cerr << r.error << "\n";
                return exit_bad_input;
            }
        double wall = 0;
        for (const auto& r : results) wall += r.wall_s;
        doc["platforms"][s.platform] = platforms::results_document(s, results, wall);
        doc["metrics"][s.platform] = doc["platforms"][s.platform]["metrics"];
        sim_total += doc["platforms"][s.platform]["sim_time_ns"].get<double>();
        verified = verified && platforms::all_verified(results);
        for (const auto& r : results) rows.emplace_back(s.platform, r);
    }
    doc["sim_time_ns"] = sim_total;
    doc["verified"] = verified;
    doc["wall_s"] = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    const std::string out_dir = a.out_dir.empty() ? "out/default" : a.out_dir;
    fs::create_directories(out_dir);
    platforms::write_file_atomically((fs::path(out_dir) / "results.json").string(), doc.dump(2) + "\n");

    if (!a.quiet) {
        std::printf("%-12s %-9s %-11s %-9s %s\n", "platform", "verified", "sim time", "wall", "result");
        for (const auto& [platform, r] : rows) {
            const bool ok = r.status == platforms::variant_result::state::ok;
            std::printf("%-12s %-9s %-11s %-9s %s\n", platform.c_str(), ok && r.outcome.verified ? "yes" : "NO",
                        platforms::format_time_ns(r.outcome.sim_time_ns).c_str(),
                        platforms::format_wall_s(r.wall_s).c_str(),
                        (ok ? r.outcome.message : r.error).c_str());
        }
        std::printf("\nresults: %s\n", (fs::path(out_dir) / "results.json").c_str());
    }
    return verified ? exit_ok : exit_failed;
}

// Loads every scenario before anything runs, so one bad file stops the whole invocation with nothing written.
std::vector<config::scenario> load_all(const std::vector<std::string>& files, const std::vector<std::string>& sets) {
    std::vector<config::scenario> out;
    std::vector<config::input_problem> problems;
    for (const std::string& file : files) {
        try {
            out.push_back(load(file, "", sets));
        } catch (const config::input_error& e) {
            problems.insert(problems.end(), e.problems().begin(), e.problems().end());
        }
    }
    if (!problems.empty()) throw config::input_error(problems);
    return out;
}

int cmd_run(const std::vector<std::string>& args) {
    run_args a;
    po::options_description opts("vplab run [SCENARIO...] options");
    opts.add_options()
        ("help,h", "show this help")
        ("set", po::value(&a.sets)->composing(), "override a parameter: key.path=value (repeatable; wins over the file)")
        ("out", po::value(&a.out_dir), "output directory (default: out/<scenario name>; with several scenarios, "
                                       "OUT/<scenario name>)")
        ("vcd", po::value(&a.vcd), "write the platform's signals to this VCD file")
        ("txn-log", po::value(&a.txn_log), "write every bus transaction to this text file")
        ("dump-config", po::bool_switch(&a.dump), "print the effective parameters and exit")
        ("jobs,j", po::value(&a.jobs), "variants simulated at once (default: number of cores)")
        ("quiet,q", po::bool_switch(&a.quiet), "print nothing but errors");
    po::options_description hidden;
    hidden.add_options()("scenario", po::value(&a.scenarios));
    po::options_description all;
    all.add(opts).add(hidden);
    po::positional_options_description pos;
    pos.add("scenario", -1);
    po::variables_map vm;
    po::store(po::command_line_parser(args).options(all).positional(pos).run(), vm);
    po::notify(vm);
    if (vm.count("help")) {
        std::cout << opts;
        return exit_ok;
    }
    if (a.scenarios.empty()) return run_default(a);

    const std::vector<config::scenario> scenarios = load_all(a.scenarios, a.sets);
    const bool several = scenarios.size() > 1;
    if (a.dump) {
        for (const config::scenario& s : scenarios) {
            if (several) std::cout << "# scenario: " << s.file << "\n";
            dump_config(s);
        }
        return exit_ok;
    }
    std::vector<config::input_problem> clashes;
    for (std::size_t i = 0; i < scenarios.size(); ++i)
        for (std::size_t j = 0; j < i; ++j)
            if (scenarios[i].name == scenarios[j].name)
                clashes.push_back({{scenarios[i].file}, "name",
                                   "scenario name '" + scenarios[i].name + "' is also the name of " +
                                       scenarios[j].file + "; their results would share a directory"});
    if (!clashes.empty()) throw config::input_error(clashes);

    int worst = exit_ok;
    for (const config::scenario& s : scenarios) {
        const std::string out_dir = a.out_dir.empty() ? "out/" + s.name : several ? a.out_dir + "/" + s.name : a.out_dir;
        worst = std::max(worst, simulate(s, a, out_dir));
        if (several && !a.quiet) std::cout << "\n";
    }
    return worst;
}

int cmd_check(const std::vector<std::string>& args) {
    std::vector<std::string> files, sets;
    bool dump = false;
    po::options_description opts("vplab check SCENARIO... options");
    opts.add_options()("set", po::value(&sets)->composing(), "override a parameter: key.path=value")(
        "dump-config", po::bool_switch(&dump), "also print the effective parameters");
    po::options_description all;
    all.add(opts).add_options()("scenario", po::value(&files));
    po::positional_options_description pos;
    pos.add("scenario", -1);
    po::variables_map vm;
    po::store(po::command_line_parser(args).options(all).positional(pos).run(), vm);
    po::notify(vm);
    if (files.empty()) throw cli_error("check needs a SCENARIO file");
    for (const config::scenario& s : load_all(files, sets)) {
        std::cout << s.file << ": ok (scenario " << s.name << ", platform " << s.platform << ", "
                  << s.variants.size() << (s.variants.size() == 1 ? " variant" : " variants") << ")\n";
        if (dump) dump_config(s);
    }
    return exit_ok;
}

int cmd_list() {
    std::cout << "platforms:\n";
    for (const auto& p : platforms::all_platforms())
        std::printf("  %-10s %-12s %s\n", p.name.c_str(), p.status.c_str(), p.description.c_str());
    const fs::path dir = fs::path(VPLAB_SOURCE_DIR) / "scenarios";
    std::vector<std::string> files;
    std::error_code ec;
    for (auto it = fs::recursive_directory_iterator(dir, ec); !ec && it != fs::recursive_directory_iterator();
         it.increment(ec))
        if (it->path().extension() == ".yaml") files.push_back(fs::relative(it->path(), VPLAB_SOURCE_DIR).string());
    std::sort(files.begin(), files.end());
    if (!files.empty()) std::cout << "\nscenarios:\n";
    for (const auto& f : files) std::cout << "  " << f << "\n";
    return exit_ok;
}

int cmd_regs(const std::vector<std::string>& args) {
    if (args.size() != 1) throw cli_error("regs needs exactly one PLATFORM");
    const platforms::platform_def* def = platforms::find_platform(args[0]);
    if (!def) {
        std::string known;
        for (const auto& p : platforms::all_platforms()) known += (known.empty() ? "" : ", ") + p.name;
        throw cli_error("unknown platform '" + args[0] + "' (known: " + known + ")");
    }
    def->print_regs(std::cout);
    return exit_ok;
}

int dispatch(int argc, char* argv[]) {
    if (argc < 2) {
        std::cerr << usage_text;
        return exit_bad_input;
    }
    const std::string cmd = argv[1];
    const std::vector<std::string> args(argv + 2, argv + argc);
    if (cmd == "run") return cmd_run(args);
    if (cmd == "check") return cmd_check(args);
    if (cmd == "list") return cmd_list();
    if (cmd == "regs") return cmd_regs(args);
    if (cmd == "help" || cmd == "--help" || cmd == "-h") {
        std::cout << usage_text;
        return exit_ok;
    }
    throw cli_error("unknown command '" + cmd + "'");
}

} // namespace

int sc_main(int argc, char* argv[]) {
    try {
        return dispatch(argc, argv);
    } catch (const config::input_error& e) {
        report(e);
        return exit_bad_input;
    } catch (const po::error& e) {
        std::cerr << "vplab: error: " << e.what() << "\n" << usage_text;
        return exit_bad_input;
    } catch (const cli_error& e) {
        std::cerr << "vplab: error: " << e.what() << "\n" << usage_text;
        return exit_bad_input;
    } catch (const std::exception& e) {
        std::cerr << "vplab: error: " << e.what() << "\n";
        return exit_failed;
    }
}
