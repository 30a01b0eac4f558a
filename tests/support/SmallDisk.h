#pragma once
// A tiny file system for disk-full tests: writes past its size fail as on a full disk.
#include <cstdlib>
#include <filesystem>
#include <string>

namespace tl::test {

/// Mounts a tmpfs of `bytes` (rounded up to whole pages) on `folder`, created if needed, and
/// unmounts it when destroyed, before the folder is removed. Mounting needs root (CI and these
/// machines run tests as root): check mounted() and skip the test elsewhere.
class SmallDisk {
public:
    SmallDisk(std::filesystem::path folder, std::size_t bytes) : folder_(std::move(folder)) {
        std::filesystem::create_directories(folder_);
        const auto command =
            "mount -t tmpfs -o size=" + std::to_string(bytes) + " tmpfs '" + folder_.string() + "' 2>/dev/null";
        mounted_ = std::system(command.c_str()) == 0;
    }
    ~SmallDisk() {
        if (mounted_) std::system(("umount '" + folder_.string() + "'").c_str());
    }
    SmallDisk(const SmallDisk&) = delete;
    SmallDisk& operator=(const SmallDisk&) = delete;

    bool mounted() const { return mounted_; }
    const std::filesystem::path& path() const { return folder_; }

private:
    std::filesystem::path folder_;
    bool mounted_ = false;
};

}  // namespace tl::test
