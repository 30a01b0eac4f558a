#pragma once
#include <filesystem>

#include "core/data/RgbImage.h"

namespace tl {

/// Encodes `image` with OpenCV, the format chosen by the extension (.png, .jpg, .bmp), and writes
/// it atomically, creating parent folders. Throws tl::Error naming the file on failure.
void writeImage(const std::filesystem::path& file, const RgbImage& image);

}  // namespace tl
