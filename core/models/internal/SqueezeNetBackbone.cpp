#include <string>
#include <vector>

#include "core/models/internal/BackboneFamilies.h"
#include "core/models/internal/StageBuilders.h"

namespace tl::internal {
namespace {

using torch::nn::Conv2d;
using torch::nn::Conv2dOptions;

/// torchvision's Fire module: a 1x1 squeeze, then 1x1 and 3x3 expands concatenated on channels.
class FireImpl : public torch::nn::Module {
public:
    FireImpl(std::int64_t in, std::int64_t squeeze, std::int64_t expand1x1, std::int64_t expand3x3)
        : squeeze_(register_module("squeeze", Conv2d(Conv2dOptions(in, squeeze, 1)))),
          squeezeActivation_(register_module("squeeze_activation", torch::nn::ReLU())),
          expand1x1_(register_module("expand1x1", Conv2d(Conv2dOptions(squeeze, expand1x1, 1)))),
          expand1x1Activation_(register_module("expand1x1_activation", torch::nn::ReLU())),
          expand3x3_(register_module("expand3x3", Conv2d(Conv2dOptions(squeeze, expand3x3, 3).padding(1)))),
          expand3x3Activation_(register_module("expand3x3_activation", torch::nn::ReLU())) {}

    torch::Tensor forward(const torch::Tensor& x) {
        const auto squeezed = torch::relu(squeeze_->forward(x));
        return torch::cat({torch::relu(expand1x1_->forward(squeezed)), torch::relu(expand3x3_->forward(squeezed))}, 1);
    }

private:
    Conv2d squeeze_;
    torch::nn::ReLU squeezeActivation_;
    Conv2d expand1x1_;
    torch::nn::ReLU expand1x1Activation_;
    Conv2d expand3x3_;
    torch::nn::ReLU expand3x3Activation_;
};

}  // namespace

Backbone makeSqueezeNet11() {
    auto base = std::make_shared<torch::nn::Module>();
    torch::nn::ModuleList features;
    std::vector<Stage> stages;
    auto nextName = [&] { return "features." + std::to_string(features->size()); };
    auto addPool = [&] {
        torch::nn::MaxPool2d pool(torch::nn::MaxPool2dOptions(3).stride(2).ceil_mode(true));
        stages.push_back(moduleStage(nextName(), "MaxPooling2D", pool.ptr()));
        features->push_back(pool);
    };
    auto addFire = [&](std::int64_t in, std::int64_t squeeze, std::int64_t expand) {
        auto fire = std::make_shared<FireImpl>(in, squeeze, expand, expand);
        stages.push_back(moduleStage(nextName(), "Fire", fire));
        features->push_back(fire);
    };

    // The first conv and its ReLU ("features.1") form one stage, as a Keras Conv2D(activation).
    Conv2d conv(Conv2dOptions(3, 64, 3).stride(2));
    stages.push_back(moduleStage(nextName(), "Conv2D", conv.ptr(), Activation::Relu));
    features->push_back(conv);
    features->push_back(torch::nn::ReLU());
    addPool();
    addFire(64, 16, 64);
    addFire(128, 16, 64);
    addPool();
    addFire(128, 32, 128);
    addFire(256, 32, 128);
    addPool();
    addFire(256, 48, 192);
    addFire(384, 48, 192);
    addFire(384, 64, 256);
    addFire(512, 64, 256);
    base->register_module("features", features);

    // torchvision's SqueezeNet init: kaiming-uniform (fan_in, ReLU gain) weights, zero biases.
    torch::NoGradGuard noGrad;
    for (const auto& module : base->modules()) {
        if (auto* c = module->as<Conv2d>()) {
            torch::nn::init::kaiming_uniform_(c->weight, 0.0, torch::kFanIn, torch::kReLU);
            torch::nn::init::zeros_(c->bias);
        }
    }
    return {base, std::move(stages), {}};
}

}  // namespace tl::internal
