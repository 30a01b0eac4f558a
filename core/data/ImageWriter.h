#pragma once
#include <filesystem>
#include <string>

#include "core/data/RgbImage.h"

namespace tl {

/// Encodes `image` with OpenCV, the format chosen by the extension (.png, .jpg, .bmp), and writes
/// it atomically, creating parent folders. Throws tl::Error naming the file on failure.
void writeImage(const std::filesystem::path& file, const RgbImage& image);

/// The encoded bytes of `image` in the format of `extension` (".png", ".jpg"). Throws tl::Error.
std::string encodeImage(const RgbImage& image, const std::string& extension);

}  // namespace tl
