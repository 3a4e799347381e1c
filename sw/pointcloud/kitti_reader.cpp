// KITTI velodyne .bin: packed little-endian float32 records {x, y, z, intensity}.
#include "cloud_io.h"

#include <cstring>

namespace vplab::pointcloud {

std::vector<point3> read_kitti(const std::string& bytes, const std::string& name) {
    constexpr std::size_t record = 16;
    if (bytes.size() % record != 0)
        throw cloud_error(name + ": byte " + std::to_string(bytes.size() - bytes.size() % record) +
                          ": truncated record (the file size " + std::to_string(bytes.size()) +
                          " is not a multiple of 16 bytes = 4 x float32)");
    std::vector<point3> out(bytes.size() / record);
    for (std::size_t i = 0; i < out.size(); ++i) {
        float v[4];
        std::memcpy(v, bytes.data() + i * record, record);  // the host is little-endian, as KITTI files are
        out[i] = {v[0], v[1], v[2]};
    }
    return out;
}

} // namespace vplab::pointcloud
