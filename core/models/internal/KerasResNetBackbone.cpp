#include <string>
#include <vector>

#include "core/models/internal/BackboneFamilies.h"
#include "core/models/internal/Initialisers.h"
#include "core/models/internal/KerasOps.h"
#include "core/models/internal/StageBuilders.h"

namespace tl::internal {
namespace {

/// tf.keras' resnet.py BatchNormalization epsilon (its weights were trained with it).
constexpr double kEpsilon = 1.001e-5;

/// One Conv2D (with bias, as Keras' ResNet has) + BatchNormalization pair, registered on the
/// base as "<name>_conv" / "<name>_bn".
struct ConvBn {
    torch::nn::Conv2d conv{nullptr};
    torch::nn::BatchNorm2d norm{nullptr};

    torch::Tensor forward(const torch::Tensor& x) { return norm->forward(conv->forward(x)); }
};

ConvBn addConvBn(torch::nn::Module& base, std::vector<KerasLayer>& layers, const std::string& name, std::int64_t in,
                 std::int64_t out, std::int64_t kernel, std::int64_t stride) {
    return {addKerasLayer(base, layers, name + "_conv", kerasConv(in, out, kernel, stride, kernel > 1, true)),
            addKerasLayer(base, layers, name + "_bn", kerasBatchNorm(out, kEpsilon))};
}

/// tf.keras' block1: [shortcut 1x1 conv (stride) + BN], 1x1 conv (stride) + BN + ReLU, 3x3 conv
/// 'same' + BN + ReLU, 1x1 conv (4 x filters) + BN, add, ReLU. Unlike torchvision's v1.5 the
/// stride sits on the first 1x1 conv. Its layers are registered on the base, not on the block.
class Block {
public:
    Block(torch::nn::Module& base, std::vector<KerasLayer>& layers, const std::string& name, std::int64_t in,
          std::int64_t filters, std::int64_t stride, bool convShortcut) {
        if (convShortcut) shortcut_ = addConvBn(base, layers, name + "_0", in, 4 * filters, 1, stride);
        first_ = addConvBn(base, layers, name + "_1", in, filters, 1, stride);
        second_ = addConvBn(base, layers, name + "_2", filters, filters, 3, 1);
        third_ = addConvBn(base, layers, name + "_3", filters, 4 * filters, 1, 1);
        // The stage's view of its weights; they are registered on the base under Keras' names.
        for (const auto* pair : {&shortcut_, &first_, &second_, &third_}) {
            if (!pair->conv) continue;
            modules_.push_back(pair->conv.ptr());
            modules_.push_back(pair->norm.ptr());
        }
    }

    torch::Tensor forward(const torch::Tensor& x) {
        const auto shortcut = shortcut_.conv ? shortcut_.forward(x) : x;
        auto y = torch::relu(first_.forward(x));
        y = torch::relu(second_.forward(y));
        return torch::relu(shortcut + third_.forward(y));
    }

    const std::vector<std::shared_ptr<torch::nn::Module>>& weightModules() const { return modules_; }

private:
    ConvBn shortcut_, first_, second_, third_;
    std::vector<std::shared_ptr<torch::nn::Module>> modules_;
};

}  // namespace

Backbone makeKerasResNet50() {
    Backbone backbone{std::make_shared<torch::nn::Module>(), {}, {}};
    auto& base = *backbone.module;
    auto& stages = backbone.stages;
    auto& layers = backbone.kerasLayers;

    stages.push_back(functionStage("conv1_pad", "ZeroPadding2D", [](const torch::Tensor& x) {
        return torch::constant_pad_nd(x, {3, 3, 3, 3}, 0.0);
    }));
    const auto conv1 = addKerasLayer(base, layers, "conv1_conv", kerasConv(3, 64, 7, 2, false, true));
    stages.push_back(moduleStage("conv1_conv", "Conv2D", conv1.ptr()));
    const auto bn1 = addKerasLayer(base, layers, "conv1_bn", kerasBatchNorm(64, kEpsilon));
    stages.push_back(moduleStage("conv1_bn", "BatchNormalization", bn1.ptr()));
    stages.push_back(functionStage("conv1_relu", "Activation", [](const torch::Tensor& x) { return torch::relu(x); }));
    stages.push_back(functionStage("pool1_pad", "ZeroPadding2D", [](const torch::Tensor& x) {
        return torch::constant_pad_nd(x, {1, 1, 1, 1}, 0.0);
    }));
    stages.push_back(
        functionStage("pool1_pool", "MaxPooling2D", [](const torch::Tensor& x) { return torch::max_pool2d(x, 3, 2); }));

    // (stack, filters, blocks, stride of the first block): tf.keras ResNet50's stack_fn.
    struct StackSetting {
        int stack;
        std::int64_t filters;
        int blocks;
        std::int64_t stride;
    };
    std::int64_t in = 64;
    for (const auto& setting : {StackSetting{2, 64, 3, 1}, {3, 128, 4, 2}, {4, 256, 6, 2}, {5, 512, 3, 2}}) {
        for (int b = 1; b <= setting.blocks; ++b) {
            const auto name = "conv" + std::to_string(setting.stack) + "_block" + std::to_string(b);
            auto block =
                std::make_shared<Block>(base, layers, name, in, setting.filters, b == 1 ? setting.stride : 1, b == 1);
            // Keras' names of the block's layers select the block too ("conv5_block1_1_conv").
            std::vector<std::string> aliases;
            for (const char* suffix : {"_0_conv", "_0_bn", "_1_conv", "_1_bn", "_1_relu", "_2_conv", "_2_bn", "_2_relu",
                                       "_3_conv", "_3_bn", "_add", "_out"}) {
                if (b == 1 || !std::string(suffix).starts_with("_0")) aliases.push_back(name + suffix);
            }
            Stage stage{name, std::move(aliases), b == 1 ? "ConvBlock" : "IdentityBlock",
                        [block](const torch::Tensor& x) { return block->forward(x); }, block->weightModules()};
            stages.push_back(std::move(stage));
            in = 4 * setting.filters;
        }
    }
    initKerasDefaults(*backbone.module);
    return backbone;
}

}  // namespace tl::internal
