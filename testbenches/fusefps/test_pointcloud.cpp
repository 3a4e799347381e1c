// Point cloud readers: every format round-trips small generated files, and malformed files name the line or byte.
#include <catch2/catch.hpp>
#include <pointcloud/cloud_io.h>
#include <pointcloud/generators.h>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <unistd.h>

using namespace vplab;
using pointcloud::point3;
using Catch::Matchers::Contains;

namespace {

const std::vector<point3> sample{{1.5f, -2.25f, 3.0f}, {0.1f, 0.2f, 0.3f}, {-7.0f, 8.5f, 1e-3f}};

template <typename T> void put(std::string& s, T v, bool big) {
    unsigned char b[sizeof(T)];
    std::memcpy(b, &v, sizeof(T));
    if (big) std::reverse(b, b + sizeof(T));
    s.append(reinterpret_cast<const char*>(b), sizeof(T));
}

bool same(const std::vector<point3>& a, const std::vector<point3>& b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (a[i].x != b[i].x || a[i].y != b[i].y || a[i].z != b[i].z) return false;
    return true;
}

// A binary PLY with a face element before the vertices, an extra property and doubles or floats.
std::string binary_ply(bool big, bool doubles, std::size_t truncate = 0) {
    const std::string t = doubles ? "double" : "float";
    std::string s = std::string("ply\nformat ") + (big ? "binary_big_endian" : "binary_little_endian") +
                    " 1.0\ncomment made by a test\nelement face 2\nproperty list uchar int vertex_indices\n"
                    "element vertex 3\nproperty uchar red\nproperty " + t + " x\nproperty " + t + " y\nproperty " + t +
                    " z\nproperty float intensity\nend_header\n";
    for (int f = 0; f < 2; ++f) {
        put<std::uint8_t>(s, 3, big);
        for (int i = 0; i < 3; ++i) put<std::int32_t>(s, i, big);
    }
    for (const point3& p : sample) {
        put<std::uint8_t>(s, 200, big);
        if (doubles) {
            put<double>(s, p.x, big);
            put<double>(s, p.y, big);
            put<double>(s, p.z, big);
        } else {
            put<float>(s, p.x, big);
            put<float>(s, p.y, big);
            put<float>(s, p.z, big);
        }
        put<float>(s, 0.5f, big);
    }
    if (truncate) s.resize(s.size() - truncate);
    return s;
}

} // namespace

TEST_CASE("fusefps: PLY ascii and binary (both byte orders, float and double) read x y z only") {
    CHECK(same(pointcloud::read_ply(pointcloud::write_ply_ascii(sample), "a.ply"), sample));
    for (bool big : {false, true})
        for (bool doubles : {false, true}) CHECK(same(pointcloud::read_ply(binary_ply(big, doubles), "b.ply"), sample));
    const std::string ascii_faces = "ply\r\nformat ascii 1.0\r\nelement vertex 2\r\nproperty float x\r\nproperty float "
                                    "y\r\nproperty float z\r\nproperty uchar red\r\nelement face 1\r\nproperty list "
                                    "uchar int vertex_indices\r\nend_header\r\n1 2 3 255\r\n4 5 6 0\r\n3 0 1 1\r\n";
    CHECK(same(pointcloud::read_ply(ascii_faces, "c.ply"), {{1, 2, 3}, {4, 5, 6}}));
}

TEST_CASE("fusefps: malformed PLY files report the line or byte offset") {
    CHECK_THROWS_WITH(pointcloud::read_ply("plx\n", "f.ply"), Contains("f.ply:1") && Contains("not a PLY"));
    CHECK_THROWS_WITH(pointcloud::read_ply("ply\nformat ascii 1.0\nelement vertex 2\nproperty float x\n"
                                           "property float y\nproperty float z\nend_header\n1 2 3\n4 five 6\n",
                                           "g.ply"),
                      Contains("g.ply:9") && Contains("'five' is not a number"));
    CHECK_THROWS_WITH(pointcloud::read_ply("ply\nformat ascii 1.0\nelement vertex 3\nproperty float x\n"
                                           "property float y\nproperty float z\nend_header\n1 2 3\n",
                                           "h.ply"),
                      Contains("h.ply:9") && Contains("ends inside element 'vertex'"));
    CHECK_THROWS_WITH(pointcloud::read_ply("ply\nformat ascii 1.0\nelement vertex 1\nproperty half x\n", "i.ply"),
                      Contains("i.ply:4") && Contains("unknown property type"));
    CHECK_THROWS_WITH(pointcloud::read_ply("ply\nformat ascii 1.0\nelement vertex 1\nproperty float x\nend_header\n",
                                           "j.ply"),
                      Contains("lacks a scalar x, y or z"));
    const std::string cut = binary_ply(false, false, 5);
    CHECK_THROWS_WITH(pointcloud::read_ply(cut, "k.ply"), Contains("k.ply: byte") && Contains("item 2 of 3"));
}

TEST_CASE("fusefps: XYZ and CSV text, with a header line, comments and extra columns") {
    CHECK(same(pointcloud::read_xyz(pointcloud::write_xyz(sample), "a.xyz"), sample));
    CHECK(same(pointcloud::read_xyz("x,y,z,intensity\n1,2,3,0.5\n# comment\n\n4;5;6\n7\t8\t9 # tail\n", "b.csv"),
               {{1, 2, 3}, {4, 5, 6}, {7, 8, 9}}));
    CHECK_THROWS_WITH(pointcloud::read_xyz("1 2 3\n4 5\n", "c.xyz"), Contains("c.xyz:2") && Contains("three numbers"));
    CHECK_THROWS_WITH(pointcloud::read_xyz("1 2 3\nx y z\n", "d.xyz"), Contains("d.xyz:2"));
}

TEST_CASE("fusefps: KITTI .bin records and a truncated file") {
    std::string s;
    for (const point3& p : sample) {
        put<float>(s, p.x, false);
        put<float>(s, p.y, false);
        put<float>(s, p.z, false);
        put<float>(s, 0.25f, false);
    }
    CHECK(same(pointcloud::read_kitti(s, "a.bin"), sample));
    s.resize(s.size() - 3);
    CHECK_THROWS_WITH(pointcloud::read_kitti(s, "b.bin"), Contains("b.bin: byte 32") && Contains("truncated"));
}

TEST_CASE("fusefps: PCD ascii and binary, and malformed headers") {
    const std::string head = "# .PCD v0.7\nVERSION 0.7\nFIELDS rgb x y z\nSIZE 4 4 4 4\nTYPE U F F F\nCOUNT 1 1 1 1\n"
                             "WIDTH 3\nHEIGHT 1\nVIEWPOINT 0 0 0 1 0 0 0\nPOINTS 3\n";
    std::string ascii = head + "DATA ascii\n";
    for (const point3& p : sample)
        ascii += "7 " + std::to_string(p.x) + " " + std::to_string(p.y) + " " + std::to_string(p.z) + "\n";
    const auto a = pointcloud::read_pcd(ascii, "a.pcd");
    REQUIRE(a.size() == 3);
    CHECK(a[0].x == 1.5f);
    CHECK(a[2].y == 8.5f);
    std::string bin = head + "DATA binary\n";
    for (const point3& p : sample) {
        put<std::uint32_t>(bin, 7, false);
        put<float>(bin, p.x, false);
        put<float>(bin, p.y, false);
        put<float>(bin, p.z, false);
    }
    CHECK(same(pointcloud::read_pcd(bin, "b.pcd"), sample));
    bin.resize(bin.size() - 1);
    CHECK_THROWS_WITH(pointcloud::read_pcd(bin, "c.pcd"), Contains("c.pcd: byte") && Contains("2 of 3 points"));
    CHECK_THROWS_WITH(pointcloud::read_pcd(head + "DATA binary_compressed\n", "d.pcd"),
                      Contains("d.pcd:11") && Contains("not supported"));
    CHECK_THROWS_WITH(pointcloud::read_pcd("FIELDS x y z\nSIZE 4 4\nTYPE F F F\nDATA ascii\n", "e.pcd"),
                      Contains("same number of entries"));
    CHECK_THROWS_WITH(pointcloud::read_pcd(head + "DATA ascii\n1 2 3 4\n1 2 x 4\n", "f.pcd"),
                      Contains("f.pcd:13") && Contains("'x' is not a number"));
    // A field of COUNT 0 would put z outside the record (binary) or past the values of a line (ascii).
    for (const char* data : {"DATA binary\n", "DATA ascii\n1 2 3\n"})
        CHECK_THROWS_WITH(pointcloud::read_pcd("FIELDS x y z\nSIZE 4 4 4\nTYPE F F F\nCOUNT 1 1 0\nPOINTS 1\n" +
                                                   std::string(data),
                                               "g.pcd"),
                          Contains("g.pcd:4") && Contains("COUNT"));
}

TEST_CASE("fusefps: read_cloud picks the format from the extension and names unreadable files") {
    const auto dir = std::filesystem::temp_directory_path() / ("vplab_fusefps_" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    const auto path = (dir / "cloud.PLY").string();
    std::ofstream(path) << pointcloud::write_ply_ascii(sample);
    CHECK(same(pointcloud::read_cloud(path), sample));
    CHECK_THROWS_WITH(pointcloud::read_cloud((dir / "cloud.las").string()), Contains("cannot open"));
    std::ofstream((dir / "cloud.las").string()) << "x";
    CHECK_THROWS_WITH(pointcloud::read_cloud((dir / "cloud.las").string()), Contains("extension 'las'"));
    std::filesystem::remove_all(dir);
}

TEST_CASE("fusefps: generators are seeded, sized and shaped") {
    CHECK(same(pointcloud::generate("lidar", 5000, 3), pointcloud::generate("lidar", 5000, 3)));
    CHECK_FALSE(same(pointcloud::generate("uniform", 100, 1), pointcloud::generate("uniform", 100, 2)));
    for (const auto& name : pointcloud::generator_names()) CHECK(pointcloud::generate(name, 1234, 1).size() == 1234);
    for (const point3& p : pointcloud::sphere_surface(200, 5))
        CHECK(std::fabs(std::sqrt(p.x * p.x + p.y * p.y + p.z * p.z) - 1.0f) < 1e-5f);
    const auto lidar = pointcloud::lidar_sweep(20000, 1);
    float lowest = 0, farthest = 0;
    for (const point3& p : lidar) {
        lowest = std::min(lowest, p.z);
        farthest = std::max(farthest, std::sqrt(p.x * p.x + p.y * p.y));
    }
    CHECK(lowest > -1.9f);   // the ground is 1.73 m below the sensor
    CHECK(farthest < 81.0f); // no return beyond 80 m
    CHECK_THROWS_WITH(pointcloud::generate("cube", 10, 1), Contains("unknown point cloud generator 'cube'"));
}
