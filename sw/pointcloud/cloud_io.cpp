#include "cloud_io.h"

#include <cstdio>
#include <fstream>
#include <sstream>

namespace vplab::pointcloud {

cloud_format parse_format(const std::string& t) {
    if (t == "auto") return cloud_format::automatic;
    if (t == "ply") return cloud_format::ply;
    if (t == "xyz" || t == "csv" || t == "txt") return cloud_format::xyz;
    if (t == "kitti" || t == "bin") return cloud_format::kitti;
    if (t == "pcd") return cloud_format::pcd;
    throw std::invalid_argument("unknown point cloud format '" + t + "' (auto, ply, xyz, csv, kitti, pcd)");
}

const char* to_string(cloud_format f) {
    switch (f) {
    case cloud_format::automatic: return "auto";
    case cloud_format::ply: return "ply";
    case cloud_format::xyz: return "xyz";
    case cloud_format::kitti: return "kitti";
    case cloud_format::pcd: return "pcd";
    }
    return "?";
}

cloud_format detect_format(const std::string& path) {
    const auto dot = path.find_last_of('.');
    const auto slash = path.find_last_of('/');
    const bool none = dot == std::string::npos || (slash != std::string::npos && dot < slash);
    std::string ext = none ? "" : path.substr(dot + 1);
    for (char& c : ext) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    if (ext == "ply") return cloud_format::ply;
    if (ext == "xyz" || ext == "txt" || ext == "csv") return cloud_format::xyz;
    if (ext == "bin") return cloud_format::kitti;
    if (ext == "pcd") return cloud_format::pcd;
    throw cloud_error(path + ": cannot tell the point cloud format from the extension '" + ext +
                      "' (use .ply, .xyz, .txt, .csv, .bin or .pcd, or give the format)");
}

std::vector<point3> read_cloud(const std::string& path, cloud_format format) {
    std::ifstream f(path, std::ios::binary);
    if (!f) throw cloud_error(path + ": cannot open the file");
    std::ostringstream ss;
    ss << f.rdbuf();
    const std::string bytes = ss.str();
    if (format == cloud_format::automatic) format = detect_format(path);
    switch (format) {
    case cloud_format::ply: return read_ply(bytes, path);
    case cloud_format::xyz: return read_xyz(bytes, path);
    case cloud_format::kitti: return read_kitti(bytes, path);
    case cloud_format::pcd: return read_pcd(bytes, path);
    case cloud_format::automatic: break;
    }
    throw cloud_error(path + ": no reader");
}

namespace {
std::string num(float v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.9g", static_cast<double>(v));  // round-trips a float exactly
    return buf;
}
} // namespace

std::string write_ply_ascii(const std::vector<point3>& points) {
    std::string s = "ply\nformat ascii 1.0\nelement vertex " + std::to_string(points.size()) +
                    "\nproperty float x\nproperty float y\nproperty float z\nend_header\n";
    for (const point3& p : points) s += num(p.x) + " " + num(p.y) + " " + num(p.z) + "\n";
    return s;
}

std::string write_xyz(const std::vector<point3>& points) {
    std::string s;
    for (const point3& p : points) s += num(p.x) + " " + num(p.y) + " " + num(p.z) + "\n";
    return s;
}

} // namespace vplab::pointcloud
