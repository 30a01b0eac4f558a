#pragma once
// Internal: includes torch. Only core .cpp files and tests include this header.
#include <torch/torch.h>

#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace tl::internal {

/// One layer of a model as the user sees it: a named step of the forward pass. A model's
/// forward pass is its stages run in order, so a frozen prefix can run apart from the rest.
struct Stage {
    std::string name;                  ///< stable human name ("block1_conv1", "layer1.0", "dense")
    std::vector<std::string> aliases;  ///< other names that select it (torchvision's module path)
    std::string type;                  ///< Keras-like type name shown in the summary
    std::function<torch::Tensor(const torch::Tensor&)> forward;
    /// The modules whose parameters and buffers belong to this stage (may be empty: pooling,
    /// activations). They are registered elsewhere under torchvision's names; these are views.
    std::vector<std::shared_ptr<torch::nn::Module>> modules;

    std::vector<torch::Tensor> parameters() const;
    bool answersTo(const std::string& layerName) const;
};

}  // namespace tl::internal
