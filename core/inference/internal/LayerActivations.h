#pragma once
// Internal: includes torch. Only core .cpp files and tests include this header.
#include <string>

#include "core/inference/FeatureMaps.h"
#include "core/models/internal/Network.h"

namespace tl::internal {

/// The base's index of the stage answering to `layer`; throws tl::Error naming it when the base
/// has none.
std::size_t baseStageIndex(const NetworkImpl& network, const std::string& layer);

/// `layer`'s activations for one preprocessed image (1, 3, H, W), up to `maxChannels` of its
/// channels, most active first (see FeatureMaps). The network must be in inference mode. Throws
/// tl::Error for a layer not in the base or without a spatial output.
FeatureMaps layerActivations(NetworkImpl& network, const torch::Tensor& input, const std::string& layer,
                             int maxChannels);

}  // namespace tl::internal
