#pragma once
// Point cloud files: PLY (ascii, binary little and big endian), XYZ/CSV text, KITTI .bin and PCD (ascii, binary).
// Only x, y, z are kept; other properties, elements and faces are skipped. A malformed file is reported with its
// line (text) or byte offset (binary).

#include <fps/fps_types.h>

#include <stdexcept>
#include <string>
#include <vector>

namespace vplab::pointcloud {

using fps::point3;

enum class cloud_format { automatic, ply, xyz, kitti, pcd };

// "auto", "ply", "xyz" (also "csv", "txt"), "kitti", "pcd"; throws std::invalid_argument otherwise.
cloud_format parse_format(const std::string& text);
const char* to_string(cloud_format f);
// From the file name's extension: .ply, .xyz/.txt/.csv, .bin, .pcd; throws cloud_error for anything else.
cloud_format detect_format(const std::string& path);

// "file:line 12: expected 3 numbers" or "file: byte 4096: truncated vertex 3".
class cloud_error : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

std::vector<point3> read_cloud(const std::string& path, cloud_format format = cloud_format::automatic);

// The readers, on the file's bytes; `name` prefixes every message.
std::vector<point3> read_ply(const std::string& bytes, const std::string& name);
std::vector<point3> read_xyz(const std::string& bytes, const std::string& name);
std::vector<point3> read_kitti(const std::string& bytes, const std::string& name);
std::vector<point3> read_pcd(const std::string& bytes, const std::string& name);

// Writers used by tests and to ship example files.
std::string write_ply_ascii(const std::vector<point3>& points);
std::string write_xyz(const std::vector<point3>& points);

} // namespace vplab::pointcloud
