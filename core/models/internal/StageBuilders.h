#pragma once
// Internal: includes torch. Shorthands the backbones and the head use to declare their stages.
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "core/models/internal/Stage.h"

namespace tl::internal {

/// What a stage does after its module: nothing, or ReLU (Keras' Conv2D/Dense(activation='relu')).
enum class Activation { None, Relu };

/// A stage that runs `module` (then `activation`); the module's parameters belong to the stage.
template <typename Impl>
Stage moduleStage(std::string name, std::string type, std::shared_ptr<Impl> module,
                  Activation activation = Activation::None, std::vector<std::string> aliases = {}) {
    auto forward = [module, activation](const torch::Tensor& x) {
        auto y = module->forward(x);
        // In place, as torchvision's ReLU(inplace=True): `y` is the module's fresh output, and
        // ReLU's backward needs only its result. Saves one pass over the activations.
        return activation == Activation::Relu ? y.relu_() : y;
    };
    return {std::move(name), std::move(aliases), std::move(type), std::move(forward), {module}};
}

/// A stage without parameters (activations, functional pooling, reshapes).
inline Stage functionStage(std::string name, std::string type,
                           std::function<torch::Tensor(const torch::Tensor&)> forward,
                           std::vector<std::string> aliases = {}) {
    return {std::move(name), std::move(aliases), std::move(type), std::move(forward), {}};
}

}  // namespace tl::internal
