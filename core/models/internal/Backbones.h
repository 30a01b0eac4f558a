#pragma once
// Internal: includes torch. Only core .cpp files and tests include this header.
#include <memory>
#include <string>
#include <vector>

#include "core/models/internal/KerasLayer.h"
#include "core/models/internal/Stage.h"

namespace tl::internal {

/// A convolutional base: a module whose named_parameters() and named_buffers() carry exactly
/// torchvision's names for the same architecture without its classifier ("features.0.weight",
/// "layer1.0.bn1.running_mean", ...), so a torchvision state dict maps 1:1, and the stages that
/// run it in order. Input: (N, 3, H, W) float; output: feature maps (N, C, h, w). Keras-family
/// backbones (mobilenet_v1*, resnet50_keras, xception) have no torchvision counterpart: their
/// modules carry Keras' layer names instead ("conv_dw_1.weight").
struct Backbone {
    std::shared_ptr<torch::nn::Module> module;
    std::vector<Stage> stages;
    /// How a Keras weights file names the weighted layers; empty when Keras has no such model.
    std::vector<KerasLayer> kerasLayers;
};

/// Builds a backbone by name (see tl::backboneNames()); throws tl::Error for an unknown name.
Backbone makeBackbone(const std::string& name);

}  // namespace tl::internal
