#pragma once
#include <cstdint>
#include <vector>

namespace tl {

/// Width and height in pixels.
struct ImageSize {
    int width = 150;
    int height = 150;
    friend bool operator==(const ImageSize&, const ImageSize&) = default;
};

/// An 8-bit RGB image, interleaved, row-major: pixel (x, y) channel c is
/// pixels[(y * width + x) * 3 + c]. The one image type core's public API speaks.
struct RgbImage {
    int width = 0;
    int height = 0;
    std::vector<std::uint8_t> pixels;

    bool empty() const { return width == 0 || height == 0; }
    std::uint8_t at(int x, int y, int channel) const {
        return pixels[(static_cast<std::size_t>(y) * width + x) * 3 + channel];
    }
};

}  // namespace tl
