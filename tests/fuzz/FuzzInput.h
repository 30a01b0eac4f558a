#pragma once
// What every fuzz target shares: the input as a file, for readers that take a path.
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <string>

namespace tl::fuzz {

/// Writes the input to one scratch file per process (under TMPDIR, named with `extension`) and
/// returns its path; the file is rewritten for every input.
inline std::filesystem::path asFile(const std::uint8_t* data, std::size_t size, const std::string& extension) {
    static const auto folder = std::filesystem::temp_directory_path();
    const auto file = folder / ("transferlab-fuzz-" + std::to_string(::getpid()) + extension);
    if (std::FILE* out = std::fopen(file.c_str(), "wb")) {
        if (size > 0) std::fwrite(data, 1, size, out);
        std::fclose(out);
    }
    return file;
}

}  // namespace tl::fuzz
