#pragma once
#include <string>
#include <vector>

#include "core/data/RgbImage.h"

namespace tl {

/// Where a layer's activations pushed the model toward one class (Grad-CAM), at the model's input
/// size: values in [0, 1], row-major, 1 at the strongest evidence. All zeros when nothing in the
/// image argued for the class.
struct Heatmap {
    int width = 0;
    int height = 0;
    std::vector<float> values;
    std::string layer;  ///< the layer whose activations it weighs
    int forClass = -1;  ///< the class it explains

    bool empty() const { return values.empty(); }
    float at(int x, int y) const { return values[static_cast<std::size_t>(y) * width + x]; }
};

/// `image` with `heatmap` laid over it in the jet colour map (blue: none, red: most), the heatmap
/// resized to the image. `opacity` in [0, 1] is the heatmap's weight at its strongest.
RgbImage overlayHeatmap(const RgbImage& image, const Heatmap& heatmap, double opacity = 0.5);

}  // namespace tl
