#include <string>
#include <vector>

#include "core/models/internal/BackboneFamilies.h"
#include "core/models/internal/Initialisers.h"
#include "core/models/internal/StageBuilders.h"
#include "core/util/Error.h"

namespace tl::internal {
namespace {

using torch::nn::BatchNorm2d;
using torch::nn::Conv2d;
using torch::nn::Conv2dOptions;

Conv2d convNoBias(std::int64_t in, std::int64_t out, std::int64_t kernel, std::int64_t stride) {
    return Conv2d(Conv2dOptions(in, out, kernel).stride(stride).padding(kernel / 2).bias(false));
}

/// The 1x1 conv + BatchNorm that matches the identity to a block's output shape.
torch::nn::Sequential makeDownsample(std::int64_t in, std::int64_t out, std::int64_t stride) {
    return torch::nn::Sequential(convNoBias(in, out, 1, stride), BatchNorm2d(out));
}

/// torchvision's BasicBlock (ResNet-18/34): children registered in torchvision's order.
class BasicBlockImpl : public torch::nn::Module {
public:
    static constexpr std::int64_t kExpansion = 1;

    BasicBlockImpl(std::int64_t in, std::int64_t planes, std::int64_t stride)
        : conv1_(register_module("conv1", convNoBias(in, planes, 3, stride))),
          bn1_(register_module("bn1", BatchNorm2d(planes))),
          relu_(register_module("relu", torch::nn::ReLU())),
          conv2_(register_module("conv2", convNoBias(planes, planes, 3, 1))),
          bn2_(register_module("bn2", BatchNorm2d(planes))) {
        if (stride != 1 || in != planes) {
            downsample_ = register_module("downsample", makeDownsample(in, planes, stride));
        }
    }

    torch::Tensor forward(const torch::Tensor& x) {
        auto out = torch::relu(bn1_->forward(conv1_->forward(x)));
        out = bn2_->forward(conv2_->forward(out));
        const auto identity = downsample_ ? downsample_->forward(x) : x;
        return torch::relu(out + identity);
    }

private:
    Conv2d conv1_;
    BatchNorm2d bn1_;
    torch::nn::ReLU relu_;
    Conv2d conv2_;
    BatchNorm2d bn2_;
    torch::nn::Sequential downsample_{nullptr};
};

/// torchvision's Bottleneck (ResNet-50/101/152, "v1.5": the stride sits on the 3x3 conv).
class BottleneckImpl : public torch::nn::Module {
public:
    static constexpr std::int64_t kExpansion = 4;

    BottleneckImpl(std::int64_t in, std::int64_t planes, std::int64_t stride)
        : conv1_(register_module("conv1", convNoBias(in, planes, 1, 1))),
          bn1_(register_module("bn1", BatchNorm2d(planes))),
          conv2_(register_module("conv2", convNoBias(planes, planes, 3, stride))),
          bn2_(register_module("bn2", BatchNorm2d(planes))),
          conv3_(register_module("conv3", convNoBias(planes, planes * kExpansion, 1, 1))),
          bn3_(register_module("bn3", BatchNorm2d(planes * kExpansion))),
          relu_(register_module("relu", torch::nn::ReLU())) {
        if (stride != 1 || in != planes * kExpansion) {
            downsample_ = register_module("downsample", makeDownsample(in, planes * kExpansion, stride));
        }
    }

    torch::Tensor forward(const torch::Tensor& x) {
        auto out = torch::relu(bn1_->forward(conv1_->forward(x)));
        out = torch::relu(bn2_->forward(conv2_->forward(out)));
        out = bn3_->forward(conv3_->forward(out));
        const auto identity = downsample_ ? downsample_->forward(x) : x;
        return torch::relu(out + identity);
    }

private:
    Conv2d conv1_;
    BatchNorm2d bn1_;
    Conv2d conv2_;
    BatchNorm2d bn2_;
    Conv2d conv3_;
    BatchNorm2d bn3_;
    torch::nn::ReLU relu_;
    torch::nn::Sequential downsample_{nullptr};
};

/// Appends torchvision's `layerN` (a ModuleList of blocks) to `base` and one stage per block.
template <typename Block>
void addLayer(torch::nn::Module& base, std::vector<Stage>& stages, const std::string& name, std::int64_t& in,
              std::int64_t planes, int blocks, std::int64_t stride, const std::string& type) {
    torch::nn::ModuleList layer;
    for (int i = 0; i < blocks; ++i) {
        auto block = std::make_shared<Block>(in, planes, i == 0 ? stride : 1);
        layer->push_back(block);
        stages.push_back(moduleStage(name + "." + std::to_string(i), type, block));
        in = planes * Block::kExpansion;
    }
    base.register_module(name, layer);
}

}  // namespace

Backbone makeResNet(int depth) {
    if (depth != 18 && depth != 50) {
        throw Error("ResNet depth " + std::to_string(depth) + " is not supported (18 or 50)");
    }
    auto base = std::make_shared<torch::nn::Module>();
    std::vector<Stage> stages;
    auto conv1 = convNoBias(3, 64, 7, 2);  // padding 3
    base->register_module("conv1", conv1);
    BatchNorm2d bn1(64);
    base->register_module("bn1", bn1);
    base->register_module("relu", torch::nn::ReLU());
    torch::nn::MaxPool2d maxpool(torch::nn::MaxPool2dOptions(3).stride(2).padding(1));
    base->register_module("maxpool", maxpool);
    stages.push_back(moduleStage("conv1", "Conv2D", conv1.ptr()));
    stages.push_back(moduleStage("bn1", "BatchNormalization", bn1.ptr()));
    stages.push_back(functionStage("relu", "ReLU", [](const torch::Tensor& x) { return torch::relu(x); }));
    stages.push_back(moduleStage("maxpool", "MaxPooling2D", maxpool.ptr()));

    std::int64_t in = 64;
    const std::vector<std::int64_t> planes{64, 128, 256, 512};
    const std::vector<int> blocks = depth == 18 ? std::vector<int>{2, 2, 2, 2} : std::vector<int>{3, 4, 6, 3};
    for (std::size_t i = 0; i < planes.size(); ++i) {
        const auto name = "layer" + std::to_string(i + 1);
        const std::int64_t stride = i == 0 ? 1 : 2;
        if (depth == 18) {
            addLayer<BasicBlockImpl>(*base, stages, name, in, planes[i], blocks[i], stride, "BasicBlock");
        } else {
            addLayer<BottleneckImpl>(*base, stages, name, in, planes[i], blocks[i], stride, "Bottleneck");
        }
    }
    initTorchvisionConvs(*base);
    return {base, std::move(stages), {}};
}

}  // namespace tl::internal
