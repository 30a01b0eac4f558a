#pragma once
// Internal: includes torch. How Keras weights files name a backbone's layers.
#include <torch/torch.h>

#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace tl::internal {

/// One layer of a backbone as a Keras weights file names it, and the torch module holding its
/// weights: a Conv2d (plain, or depthwise when groups == in_channels), a BatchNorm2d, a Linear
/// or a SeparableConv2d (see KerasOps.h). Weights map in Keras' order: kernel then bias;
/// gamma, beta, moving mean, moving variance; depthwise then pointwise kernel.
struct KerasLayer {
    /// "block1_conv1". For a layer Keras names automatically ("conv2d_7", "batch_normalization_3"),
    /// the family without the number: "conv2d", "batch_normalization".
    std::string name;
    /// -1 for a named layer. For an automatically named one, its rank among the file's layers of
    /// that family ordered by their number (creation order: conv2d, conv2d_1, ... or conv2d_1, ...).
    int ordinal = -1;
    std::shared_ptr<torch::nn::Module> module;
    /// For a Dense that reads flattened feature maps (VGG's fc1): their (C, H, W). Keras flattened
    /// them channels-last, (H, W, C), torch flattens (C, H, W), so the kernel's rows are reordered
    /// on loading. Empty otherwise.
    std::vector<std::int64_t> flattenedInput = {};
};

/// Registers `module` as a child of `base` under the Keras name `name` (so its tensors are
/// "<name>.weight" ...) and records it in `layers`. Returns the module.
template <typename ModuleHolder>
ModuleHolder addKerasLayer(torch::nn::Module& base, std::vector<KerasLayer>& layers, const std::string& name,
                           ModuleHolder module) {
    base.register_module(name, module);
    layers.push_back({name, -1, module.ptr()});
    return module;
}

}  // namespace tl::internal
