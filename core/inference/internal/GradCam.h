#pragma once
// Internal: includes torch. Only core .cpp files and tests include this header.
#include <string>
#include <vector>

#include "core/inference/Heatmap.h"
#include "core/models/ModelSummary.h"
#include "core/models/internal/Network.h"

namespace tl::internal {

/// The layers Grad-CAM can weigh: base layers whose output still has a spatial extent (at least
/// 2x2), in order. The last convolution among them is the usual choice (see defaultCamLayer).
std::vector<std::string> camLayers(const ModelSummary& summary);
/// The last base layer with a spatial output that is not a pooling layer (VGG16: block5_conv3);
/// empty when the base has none.
std::string defaultCamLayer(const ModelSummary& summary);

/// Grad-CAM (Selvaraju et al. 2017) for one preprocessed image (1, 3, H, W): the gradient of
/// class `forClass`'s logit (for a single-logit two-class head: the logit for class 1, its
/// negation for class 0) with respect to `layer`'s activations, averaged over each channel,
/// weighs the channels; their ReLU'd sum, resized to H x W and divided by its maximum, is the map.
/// The network must be in inference mode. Throws tl::Error for a layer not in the base.
Heatmap gradCam(NetworkImpl& network, const torch::Tensor& input, const std::string& layer, int forClass);

}  // namespace tl::internal
