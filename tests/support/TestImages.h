#pragma once
#include <cstdint>
#include <filesystem>
#include <string>

#include "core/data/RgbImage.h"

namespace tl::test {

/// A deterministic image: a smooth gradient whose colours depend on `seed`.
RgbImage gradientImage(int width, int height, std::uint32_t seed = 0);

/// Writes raw bytes (for broken files: zero bytes, text named .jpg, truncated images).
void writeBytes(const std::filesystem::path& file, const std::string& bytes);

/// Reads a whole file into a string.
std::string readBytes(const std::filesystem::path& file);

}  // namespace tl::test
