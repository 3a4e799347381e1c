#include "param.h"

namespace vplab::config {

const char* kind_name(kind k) {
    switch (k) {
    case kind::boolean: return "boolean";
    case kind::integer: return "integer";
    case kind::unsigned_: return "unsigned";
    case kind::real: return "real";
    case kind::string: return "string";
    case kind::choice: return "choice";
    case kind::time: return "time";
    case kind::bytes: return "bytes";
    }
    return "unknown";
}

} // namespace vplab::config
