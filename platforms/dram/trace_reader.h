#pragma once
// Reads a DRAM trace: one request per line, `time_ns R|W address bytes`.
//   time_ns  issue time in nanoseconds (integer or decimal), non-decreasing
//   R|W      read or write (lower case accepted)
//   address  byte address, decimal or 0x-prefixed hexadecimal, relative to the memory's first byte
//   bytes    request size in bytes, 1 .. 1 MiB
// Blank lines and text after '#' are ignored. A malformed line throws config::input_error naming file:line:column.

#include "workload.h"

#include <istream>
#include <string>
#include <vector>

namespace vplab::platforms::dram_traffic {

// Reads requests one line at a time, so a trace of any length costs constant memory. `memory_bytes`: requests must
// lie inside [0, memory_bytes).
class trace_reader {
public:
    trace_reader(std::istream& in, std::string name, std::uint64_t memory_bytes);
    // The next request; false at the end. Throws config::input_error for a malformed line.
    bool next(traffic_request& r);

private:
    std::istream& m_in;
    std::string m_name;
    std::uint64_t m_memory_bytes;
    int m_line = 0;
    std::uint64_t m_last_time = 0;
};

// Reads a whole trace and reports every malformed line (up to 20) in one input_error; returns the request count.
// Run before simulating, so bad input costs no simulation.
std::uint64_t check_trace(const std::string& path, std::uint64_t memory_bytes);
// Every request of a trace from a stream; `name` is used in messages.
std::vector<traffic_request> parse_trace(std::istream& in, const std::string& name, std::uint64_t memory_bytes);

} // namespace vplab::platforms::dram_traffic
