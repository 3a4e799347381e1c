#pragma once
#include <cstdint>
#include <cstdio>
#include <string>

namespace vplab::core {

// "0x1f00": addresses and register values in messages.
inline std::string hex(std::uint64_t v) {
    char buf[24];
    std::snprintf(buf, sizeof buf, "0x%llx", static_cast<unsigned long long>(v));
    return buf;
}

} // namespace vplab::core
