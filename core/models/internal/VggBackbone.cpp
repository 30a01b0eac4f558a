#include <string>
#include <vector>

#include "core/models/internal/BackboneFamilies.h"
#include "core/models/internal/Initialisers.h"
#include "core/models/internal/StageBuilders.h"
#include "core/util/Error.h"

namespace tl::internal {
namespace {

constexpr int kPool = 0;  // marks a max-pooling layer in a configuration

/// torchvision's `cfgs` "D" (VGG16) and "E" (VGG19): filters per conv, kPool for a pool.
std::vector<int> configuration(int depth) {
    if (depth == 16) {
        return {64, 64, kPool, 128, 128, kPool, 256, 256, 256, kPool, 512, 512, 512, kPool, 512, 512, 512, kPool};
    }
    if (depth == 19) {
        return {64,  64,  kPool, 128, 128,   kPool, 256, 256, 256, 256,  kPool,
                512, 512, 512,   512, kPool, 512,   512, 512, 512, kPool};
    }
    throw Error("VGG depth " + std::to_string(depth) + " is not supported (16 or 19)");
}

}  // namespace

Backbone makeVgg(int depth) {
    // Module layout as torchvision's VGG: child "features" holding Conv2d, ReLU and MaxPool2d
    // at torchvision's indices, so parameters are "features.0.weight", "features.2.weight", ...
    auto base = std::make_shared<torch::nn::Module>();
    torch::nn::ModuleList features;
    std::vector<Stage> stages;
    std::vector<KerasLayer> kerasLayers;  // Keras' vgg16.py / vgg19.py name the convs as the stages
    std::int64_t inChannels = 3;
    int block = 1;
    int convInBlock = 1;
    for (const int filters : configuration(depth)) {
        const auto index = std::to_string(features->size());
        const auto prefix = "block" + std::to_string(block);
        if (filters == kPool) {
            torch::nn::MaxPool2d pool(torch::nn::MaxPool2dOptions(2).stride(2));
            features->push_back(pool);
            stages.push_back(
                moduleStage(prefix + "_pool", "MaxPooling2D", pool.ptr(), Activation::None, {"features." + index}));
            ++block;
            convInBlock = 1;
            continue;
        }
        torch::nn::Conv2d conv(torch::nn::Conv2dOptions(inChannels, filters, 3).padding(1));
        features->push_back(conv);
        features->push_back(torch::nn::ReLU());
        const auto name = prefix + "_conv" + std::to_string(convInBlock);
        stages.push_back(moduleStage(name, "Conv2D", conv.ptr(), Activation::Relu, {"features." + index}));
        kerasLayers.push_back({name, -1, conv.ptr()});
        inChannels = filters;
        ++convInBlock;
    }
    base->register_module("features", features);
    initTorchvisionConvs(*base);
    return {base, std::move(stages), std::move(kerasLayers)};
}

}  // namespace tl::internal
