#pragma once
// A contiguous double-ended buffer for the timing checker's command history: appends and inserts happen near the
// back, removals at the front. Unlike std::deque its elements are one array, so searching it is plain pointer
// arithmetic; the space freed at the front is reclaimed by one move once it is as large as what is kept.

#include <algorithm>
#include <cstddef>
#include <vector>

namespace vplab::dram {

template <typename T>
class history_buffer {
public:
    using value_type = T;
    using iterator = T*;
    using const_iterator = const T*;

    iterator begin() { return m_items.data() + m_head; }
    iterator end() { return m_items.data() + m_items.size(); }
    const_iterator begin() const { return m_items.data() + m_head; }
    const_iterator end() const { return m_items.data() + m_items.size(); }
    bool empty() const { return m_head == m_items.size(); }
    std::size_t size() const { return m_items.size() - m_head; }
    T& front() { return m_items[m_head]; }
    const T& front() const { return m_items[m_head]; }
    T& back() { return m_items.back(); }
    const T& back() const { return m_items.back(); }

    void push_back(const T& v) { m_items.push_back(v); }
    // Appends an element for the caller to fill in place (spares building a copy on the stack on the hot path).
    T& append() { return m_items.emplace_back(); }
    // Inserts before `pos` and returns the new element's position (earlier iterators are invalidated).
    iterator insert(const_iterator pos, const T& v) {
        if (pos == end()) {
            m_items.push_back(v);
            return &m_items.back();
        }
        const std::size_t i = std::size_t(pos - m_items.data());
        return m_items.data() + (m_items.insert(m_items.begin() + std::ptrdiff_t(i), v) - m_items.begin());
    }
    void erase(const_iterator pos) { m_items.erase(m_items.begin() + (pos - m_items.data())); }
    // Removes the leading elements for which `drop` holds.
    template <typename Pred>
    void pop_front_while(Pred drop) {
        const std::size_t n = m_items.size();
        while (m_head < n && drop(m_items[m_head])) ++m_head;
        reclaim();
    }

private:
    // Frees the space before the head once it is as large as what is kept.
    void reclaim() {
        if (m_head == m_items.size()) {
            m_items.clear();
            m_head = 0;
        } else if (m_head >= 64 && m_head >= m_items.size() - m_head) {
            m_items.erase(m_items.begin(), m_items.begin() + std::ptrdiff_t(m_head));
            m_head = 0;
        }
    }

    std::vector<T> m_items;
    std::size_t m_head = 0;  // elements before it have been popped
};

} // namespace vplab::dram
