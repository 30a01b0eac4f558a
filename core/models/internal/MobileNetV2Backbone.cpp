#include <string>
#include <vector>

#include "core/models/internal/BackboneFamilies.h"
#include "core/models/internal/Initialisers.h"
#include "core/models/internal/StageBuilders.h"

namespace tl::internal {
namespace {

/// torchvision's Conv2dNormActivation: "0" conv (no bias), "1" BatchNorm, "2" ReLU6.
torch::nn::Sequential makeConvBnRelu6(std::int64_t in, std::int64_t out, std::int64_t kernel, std::int64_t stride,
                                      std::int64_t groups) {
    const auto options =
        torch::nn::Conv2dOptions(in, out, kernel).stride(stride).padding((kernel - 1) / 2).groups(groups).bias(false);
    return torch::nn::Sequential(torch::nn::Conv2d(options), torch::nn::BatchNorm2d(out), torch::nn::ReLU6());
}

/// torchvision's InvertedResidual: child "conv" holds [expand 1x1 (if ratio != 1)], depthwise
/// 3x3, linear 1x1 projection and its BatchNorm; the input is added back when shapes allow.
class InvertedResidualImpl : public torch::nn::Module {
public:
    InvertedResidualImpl(std::int64_t in, std::int64_t out, std::int64_t stride, std::int64_t expandRatio)
        : useResidual_(stride == 1 && in == out) {
        const std::int64_t hidden = in * expandRatio;
        torch::nn::ModuleList conv;
        if (expandRatio != 1) convBnRelus_.push_back(makeConvBnRelu6(in, hidden, 1, 1, 1));
        convBnRelus_.push_back(makeConvBnRelu6(hidden, hidden, 3, stride, hidden));
        for (const auto& block : convBnRelus_) conv->push_back(block);
        project_ = torch::nn::Conv2d(torch::nn::Conv2dOptions(hidden, out, 1).bias(false));
        projectNorm_ = torch::nn::BatchNorm2d(out);
        conv->push_back(project_);
        conv->push_back(projectNorm_);
        register_module("conv", conv);
    }

    torch::Tensor forward(const torch::Tensor& x) {
        auto y = x;
        for (auto& block : convBnRelus_) y = block->forward(y);
        y = projectNorm_->forward(project_->forward(y));
        return useResidual_ ? x + y : y;
    }

private:
    bool useResidual_;
    std::vector<torch::nn::Sequential> convBnRelus_;
    torch::nn::Conv2d project_{nullptr};
    torch::nn::BatchNorm2d projectNorm_{nullptr};
};

struct BlockSetting {
    std::int64_t expandRatio;
    std::int64_t channels;
    int repeats;
    std::int64_t stride;
};

}  // namespace

Backbone makeMobileNetV2() {
    // torchvision's inverted_residual_setting (t, c, n, s) at width multiplier 1.0.
    const std::vector<BlockSetting> settings{{1, 16, 1, 1}, {6, 24, 2, 2},  {6, 32, 3, 2}, {6, 64, 4, 2},
                                             {6, 96, 3, 1}, {6, 160, 3, 2}, {6, 320, 1, 1}};
    auto base = std::make_shared<torch::nn::Module>();
    torch::nn::ModuleList features;
    std::vector<Stage> stages;
    auto addConvBnRelu = [&](std::int64_t in, std::int64_t out, std::int64_t kernel, std::int64_t stride) {
        auto block = makeConvBnRelu6(in, out, kernel, stride, 1);
        stages.push_back(moduleStage("features." + std::to_string(features->size()), "ConvBNReLU6", block.ptr()));
        features->push_back(block);
    };

    addConvBnRelu(3, 32, 3, 2);
    std::int64_t in = 32;
    for (const auto& setting : settings) {
        for (int i = 0; i < setting.repeats; ++i) {
            auto block = std::make_shared<InvertedResidualImpl>(in, setting.channels, i == 0 ? setting.stride : 1,
                                                                setting.expandRatio);
            stages.push_back(moduleStage("features." + std::to_string(features->size()), "InvertedResidual", block));
            features->push_back(block);
            in = setting.channels;
        }
    }
    addConvBnRelu(in, 1280, 1, 1);
    base->register_module("features", features);
    initTorchvisionConvs(*base);
    return {base, std::move(stages), {}};
}

}  // namespace tl::internal
