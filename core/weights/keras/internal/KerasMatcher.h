#pragma once
// Internal: includes torch. Matches a Keras weights file's layers against a model's Keras layers.
#include <torch/torch.h>

#include <string>
#include <vector>

#include "core/models/internal/KerasLayer.h"
#include "core/weights/WeightsFile.h"
#include "core/weights/keras/internal/KerasArchive.h"

namespace tl::internal {

/// How a Keras weight's layout becomes torch's.
enum class KerasLayout {
    Vector,     ///< 1-D (bias, BatchNorm vectors): as is
    Conv,       ///< (kh, kw, in, out) -> (out, in, kh, kw)
    Depthwise,  ///< (kh, kw, c, 1) -> (c, 1, kh, kw)
    Dense,      ///< (in, out) -> (out, in)
    /// (H * W * C, out) -> (out, C * H * W): a Dense after a Flatten, whose input Keras ordered
    /// channels-last; KerasCopy::flattenedInput gives (C, H, W)
    FlattenedDense,
};

/// One model tensor and what fills it: a file weight converted from `layout`, or, when `weight`
/// is null, the constant `fill` (gamma = 1 for a BatchNormalization saved without scale).
struct KerasCopy {
    torch::Tensor target;
    const KerasWeight* weight = nullptr;  ///< in the archive given to matchKerasWeights()
    KerasLayout layout = KerasLayout::Vector;
    double fill = 0.0;
    std::vector<std::int64_t> flattenedInput = {};  ///< (C, H, W) for KerasLayout::FlattenedDense
};

/// The plan for loading a Keras file, and the summary of what does not fit (empty: all fits).
struct KerasMatch {
    std::vector<KerasCopy> copies;
    std::string problems;
};

/// Pairs every model layer with the file layer of the same name (automatically named layers by
/// rank, see KerasLayer), then the layer's weights by their order in `weight_names` (never by
/// their spelling), comparing shapes in Keras' layout. Fills report.missing / unexpected /
/// mismatched / ignoredTop with "<layer>/<weight>" names and Keras-layout shapes. File layers no
/// model layer takes are the top (ignoredTop) when `includeTop` is off and they look like a
/// classifier (fc1, fc2, predictions, fc1000, conv_preds, or any Dense kernel); otherwise
/// unexpected. Reads no values and changes nothing.
KerasMatch matchKerasWeights(const std::vector<KerasLayer>& layers, const KerasArchive& file, bool includeTop,
                             WeightsReport& report);

/// Reads every planned weight (any read error throws tl::Error before the model changes), then
/// copies them all into the model without autograd.
void applyKerasCopies(const KerasArchive& file, const std::vector<KerasCopy>& copies);

}  // namespace tl::internal
