#pragma once
// A tlm_mm_interface pool, so AT payloads follow the acquire/release rules of the base protocol.

#include <memory>
#include <tlm>
#include <vector>

namespace vplab::dram::test {

class payload_pool : public tlm::tlm_mm_interface {
public:
    tlm::tlm_generic_payload* get() {
        if (m_free.empty()) {
            m_all.push_back(std::make_unique<tlm::tlm_generic_payload>(this));
            m_free.push_back(m_all.back().get());
        }
        tlm::tlm_generic_payload* p = m_free.back();
        m_free.pop_back();
        p->acquire();
        return p;
    }
    void free(tlm::tlm_generic_payload* p) override {
        p->reset();
        m_free.push_back(p);
    }
    std::size_t in_use() const { return m_all.size() - m_free.size(); }

private:
    std::vector<std::unique_ptr<tlm::tlm_generic_payload>> m_all;
    std::vector<tlm::tlm_generic_payload*> m_free;
};

} // namespace vplab::dram::test
