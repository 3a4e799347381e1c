#pragma once
#include <cstdint>
#include <stdexcept>
#include <string>

namespace vplab::hal {

// A firmware access that the bus answered with an error. On hardware this would be a bus fault; in simulation
// the host CPU stops the firmware and reports it, so a driver bug never aborts the simulation kernel.
class bus_error : public std::runtime_error {
public:
    bus_error(const std::string& what, std::uint64_t address) : std::runtime_error(what), m_address(address) {}
    std::uint64_t address() const { return m_address; }

private:
    std::uint64_t m_address;
};

} // namespace vplab::hal
