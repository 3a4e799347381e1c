// sc_main for every testbench: SystemC warnings and errors fail the running case, then Catch2 runs.
// ctest starts one process per case, because a SystemC kernel cannot be restarted inside a process.
#define CATCH_CONFIG_RUNNER
#include <catch2/catch.hpp>
#include <systemc>

namespace {

void fail_on_warning(const sc_core::sc_report& report, const sc_core::sc_actions& actions) {
    if (report.get_severity() >= sc_core::SC_WARNING) {
        std::string text = std::string("SystemC ") + (report.get_severity() == sc_core::SC_WARNING ? "warning" : "error") +
                           " [" + report.get_msg_type() + "] " + report.get_msg();
        FAIL_CHECK(text);
    }
    sc_core::sc_report_handler::default_handler(report, actions & ~sc_core::SC_STOP & ~sc_core::SC_ABORT);
}

} // namespace

int sc_main(int argc, char* argv[]) {
    sc_core::sc_report_handler::set_handler(fail_on_warning);
    // Elaboration-time deprecation notes from the kernel itself are not the model's fault.
    sc_core::sc_report_handler::set_actions("/IEEE_Std_1666/deprecated", sc_core::SC_DO_NOTHING);
    return Catch::Session().run(argc, argv);
}
