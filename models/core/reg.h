#pragma once
// A memory-mapped register, declared the way a datasheet lists it: name, offset, width, reset value,
// access kind and write mask, plus optional callbacks and named bit fields.

#include <cstdint>
#include <functional>
#include <string>
#include <tlm>
#include <vector>

namespace vplab::core {

enum class access {
    ro,   // read only; a write answers TLM_COMMAND_ERROR_RESPONSE
    rw,   // read/write; bits outside the write mask keep their value
    wo,   // write only; a read answers TLM_COMMAND_ERROR_RESPONSE
    w1c,  // write 1 to clear: each written 1 bit (within the mask) clears that bit
};

const char* access_name(access a);

struct bit_field {
    std::string name;
    unsigned lsb = 0;
    unsigned width = 1;
    std::string description;
};

class register_bank;

class reg {
public:
    // Computes the value a bus read sees; must not have side effects (debug reads call it too).
    using read_callback = std::function<std::uint64_t()>;
    // Runs after a bus write has updated the stored value; receives the new stored value.
    using write_callback = std::function<void(std::uint64_t value)>;

    reg(register_bank& bank, std::string name, std::uint64_t offset, unsigned width_bytes, std::uint64_t reset_value,
        access kind, std::uint64_t write_mask = ~std::uint64_t{0});
    reg(const reg&) = delete;
    reg& operator=(const reg&) = delete;

    reg& on_read(read_callback cb);
    reg& on_write(write_callback cb);
    reg& field(std::string name, unsigned lsb, unsigned width, std::string description = {});
    reg& describe(std::string text);
    // The device must be at the initiator's local time before this register's write callback runs
    // (starting a job, raising an interrupt): the bank waits out the annotated delay first.
    reg& sync_on_write();

    const std::string& name() const { return m_name; }
    std::uint64_t offset() const { return m_offset; }
    unsigned width() const { return m_width; }
    std::uint64_t reset_value() const { return m_reset; }
    access kind() const { return m_access; }
    std::uint64_t write_mask() const { return m_mask; }
    const std::string& description() const { return m_description; }
    const std::vector<bit_field>& fields() const { return m_fields; }
    bool needs_sync() const { return m_sync; }
    bool has_write_callback() const { return static_cast<bool>(m_on_write); }

    // Hardware-side view: the stored value, set without access checks or callbacks.
    std::uint64_t value() const { return m_value; }
    void set(std::uint64_t v) { m_value = v & width_mask(); }
    void set_bits(std::uint64_t bits) { set(m_value | bits); }
    void clear_bits(std::uint64_t bits) { set(m_value & ~bits); }
    void reset() { m_value = m_reset & width_mask(); }

    // Bus-side view, with the access rules applied.
    tlm::tlm_response_status bus_read(std::uint64_t& out) const;
    tlm::tlm_response_status bus_write(std::uint64_t in);
    std::uint64_t peek() const { return m_on_read ? m_on_read() & width_mask() : m_value; }

private:
    std::uint64_t width_mask() const { return m_width == 8 ? ~std::uint64_t{0} : (std::uint64_t{1} << (8 * m_width)) - 1; }

    std::string m_name;
    std::uint64_t m_offset;
    unsigned m_width;
    std::uint64_t m_reset;
    access m_access;
    std::uint64_t m_mask;
    std::uint64_t m_value = 0;
    bool m_sync = false;
    std::string m_description;
    std::vector<bit_field> m_fields;
    read_callback m_on_read;
    write_callback m_on_write;
};

} // namespace vplab::core
