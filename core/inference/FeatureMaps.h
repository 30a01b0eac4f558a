#pragma once
#include <string>
#include <vector>

#include "core/data/RgbImage.h"

namespace tl {

/// What one layer of the base computed for one image: a grid of its channels' activation maps
/// (the lesson after transfer learning: visualising what convnets learn). Channels are ordered
/// by their mean activation, most active first; each map is scaled to [0, 1] on its own, so a
/// weak channel's pattern still shows.
struct FeatureMaps {
    std::string layer;
    int channels = 0;  ///< the layer's channel count (maps may hold fewer)
    int width = 0;     ///< of one map
    int height = 0;
    /// Per shown channel: its index in the layer and its mean activation before scaling.
    std::vector<int> channelIndex;
    std::vector<float> channelMean;
    /// The shown maps, each width * height values in [0, 1], row-major, one after another.
    std::vector<float> values;

    int shown() const { return static_cast<int>(channelIndex.size()); }
    float at(int map, int x, int y) const { return values[(static_cast<std::size_t>(map) * height + y) * width + x]; }
};

/// The maps as one picture: `columns` tiles per row, each map enlarged to `tile` pixels (nearest
/// neighbour, so each activation stays a visible square) in the viridis colour map (dark purple:
/// nothing, yellow: most), `gap` pixels apart on white.
RgbImage featureMapMosaic(const FeatureMaps& maps, int columns = 8, int tile = 64, int gap = 2);

}  // namespace tl
