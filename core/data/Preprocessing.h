#pragma once
#include <string_view>

#include "core/data/RgbImage.h"

namespace tl {

/// Input normalisation expected by a family of weights (docs/design.md §3).
enum class Preprocessing {
    Torchvision,  ///< RGB, x/255, minus mean (0.485, 0.456, 0.406), over std (0.229, 0.224, 0.225)
    Caffe,        ///< BGR, 0..255, minus (103.939, 116.779, 123.68) in BGR order, no scaling
    Tf,           ///< RGB, x/127.5 - 1
    Unit,         ///< RGB, x/255 (what the classic notebooks fed VGG16)
    /// An experiment's "follow the weights": resolved when a run is prepared to what the weights
    /// were trained with (x/255 for random weights). Never reaches preprocessInto().
    Auto,
};
/// "torchvision", "caffe", "tf", "unit", "auto"
std::string_view toString(Preprocessing preprocessing);
Preprocessing parsePreprocessing(std::string_view text);  ///< throws tl::Error listing the choices

/// Writes the image as planar float CHW (3 * height * width values) into `out`, channel order
/// and values as the preset says (Caffe's plane 0 is blue). Throws tl::Error for Auto.
void preprocessInto(const RgbImage& image, Preprocessing preprocessing, float* out);

}  // namespace tl
