#include "support/TestImages.h"

#include <algorithm>
#include <fstream>
#include <sstream>

namespace tl::test {

RgbImage gradientImage(int width, int height, std::uint32_t seed) {
    RgbImage image{width, height, std::vector<std::uint8_t>(static_cast<std::size_t>(width) * height * 3)};
    for (int y = 0; y < height; ++y) {
        for (int x = 0; x < width; ++x) {
            auto* pixel = &image.pixels[(static_cast<std::size_t>(y) * width + x) * 3];
            pixel[0] = static_cast<std::uint8_t>((x * 255 / std::max(1, width - 1) + seed * 37) % 256);
            pixel[1] = static_cast<std::uint8_t>((y * 255 / std::max(1, height - 1) + seed * 11) % 256);
            pixel[2] = static_cast<std::uint8_t>(((x + y) * 3 + seed * 91) % 256);
        }
    }
    return image;
}

void writeBytes(const std::filesystem::path& file, const std::string& bytes) {
    std::filesystem::create_directories(file.parent_path());
    std::ofstream out(file, std::ios::binary);
    out << bytes;
}

std::string readBytes(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    std::ostringstream content;
    content << in.rdbuf();
    return content.str();
}

}  // namespace tl::test
