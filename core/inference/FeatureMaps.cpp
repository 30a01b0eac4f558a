#include "core/inference/FeatureMaps.h"

#include <algorithm>
#include <array>
#include <cmath>

namespace tl {
namespace {

/// Viridis at nine stops, interpolated linearly (close enough to the 256-entry table for tiles).
std::array<std::uint8_t, 3> viridis(float t) {
    static constexpr std::array<std::array<float, 3>, 9> kStops{{{68, 1, 84},
                                                                 {71, 44, 122},
                                                                 {59, 81, 139},
                                                                 {44, 113, 142},
                                                                 {33, 144, 141},
                                                                 {39, 173, 129},
                                                                 {92, 200, 99},
                                                                 {170, 220, 50},
                                                                 {253, 231, 37}}};
    const float position = std::clamp(t, 0.0f, 1.0f) * 8.0f;
    const auto low = std::min(7, static_cast<int>(position));
    const float f = position - static_cast<float>(low);
    std::array<std::uint8_t, 3> colour{};
    for (int c = 0; c < 3; ++c) {
        const auto value = kStops[low][c] * (1 - f) + kStops[low + 1][c] * f;
        colour[c] = static_cast<std::uint8_t>(std::lround(value));
    }
    return colour;
}

}  // namespace

RgbImage featureMapMosaic(const FeatureMaps& maps, int columns, int tile, int gap) {
    const int count = maps.shown();
    columns = std::max(1, std::min(columns, std::max(1, count)));
    const int rows = (count + columns - 1) / columns;
    RgbImage mosaic;
    mosaic.width = std::max(1, columns * tile + (columns - 1) * gap);
    mosaic.height = std::max(1, rows * tile + std::max(0, rows - 1) * gap);
    mosaic.pixels.assign(static_cast<std::size_t>(mosaic.width) * mosaic.height * 3, 255);
    if (maps.width <= 0 || maps.height <= 0) return mosaic;
    for (int m = 0; m < count; ++m) {
        const int left = (m % columns) * (tile + gap);
        const int top = (m / columns) * (tile + gap);
        for (int y = 0; y < tile; ++y) {
            const int sourceY = std::min(maps.height - 1, y * maps.height / tile);
            for (int x = 0; x < tile; ++x) {
                const int sourceX = std::min(maps.width - 1, x * maps.width / tile);
                const auto colour = viridis(maps.at(m, sourceX, sourceY));
                auto* pixel = &mosaic.pixels[(static_cast<std::size_t>(top + y) * mosaic.width + left + x) * 3];
                pixel[0] = colour[0], pixel[1] = colour[1], pixel[2] = colour[2];
            }
        }
    }
    return mosaic;
}

}  // namespace tl
