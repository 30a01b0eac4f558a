#include <string>
#include <vector>

#include "core/models/internal/BackboneFamilies.h"
#include "core/models/internal/Initialisers.h"
#include "core/models/internal/StageBuilders.h"

namespace tl::internal {
namespace {

/// A Conv2D(3x3, ReLU) stage whose conv is registered on `base` under the stage's name.
void addConv(torch::nn::Module& base, std::vector<Stage>& stages, const std::string& name, std::int64_t in,
             std::int64_t out, std::int64_t padding) {
    torch::nn::Conv2d conv(torch::nn::Conv2dOptions(in, out, 3).padding(padding));
    base.register_module(name, conv);
    stages.push_back(moduleStage(name, "Conv2D", conv.ptr(), Activation::Relu));
}

/// A MaxPooling2D(2) stage; floors odd sizes like Keras' "valid" pooling.
void addPool(std::vector<Stage>& stages, const std::string& name) {
    stages.push_back(functionStage(name, "MaxPooling2D", [](const torch::Tensor& x) {
        return torch::max_pool2d(x, {2, 2});
    }));
}

/// Keras' automatic layer names: "conv2d", "conv2d_1", "conv2d_2", ...
std::string kerasName(const std::string& stem, int index) {
    return index == 0 ? stem : stem + "_" + std::to_string(index);
}

}  // namespace

Backbone makeSmallConvNet() {
    // Conv2D(32..128, (3, 3), activation='relu') with Keras' default "valid" padding.
    auto base = std::make_shared<torch::nn::Module>();
    std::vector<Stage> stages;
    const std::vector<std::int64_t> filters{32, 64, 128, 128};
    std::int64_t in = 3;
    for (int i = 0; i < static_cast<int>(filters.size()); ++i) {
        addConv(*base, stages, kerasName("conv2d", i), in, filters[i], 0);
        addPool(stages, kerasName("max_pooling2d", i));
        in = filters[i];
    }
    initKerasDefaults(*base);
    return {base, std::move(stages), {}};
}

Backbone makeMiniVgg() {
    // VGG's pattern at a sixteenth of its width and four blocks: 16, 32, 64, 128 filters.
    auto base = std::make_shared<torch::nn::Module>();
    std::vector<Stage> stages;
    const std::vector<std::int64_t> filters{16, 32, 64, 128};
    std::int64_t in = 3;
    for (int block = 1; block <= static_cast<int>(filters.size()); ++block) {
        const auto prefix = "block" + std::to_string(block);
        const auto out = filters[static_cast<std::size_t>(block - 1)];
        addConv(*base, stages, prefix + "_conv1", in, out, 1);
        addConv(*base, stages, prefix + "_conv2", out, out, 1);
        addPool(stages, prefix + "_pool");
        in = out;
    }
    initKerasDefaults(*base);
    return {base, std::move(stages), {}};
}

Backbone makeTinyConvNet() {
    auto base = std::make_shared<torch::nn::Module>();
    std::vector<Stage> stages;
    addConv(*base, stages, "block1_conv1", 3, 8, 1);
    addPool(stages, "block1_pool");
    addConv(*base, stages, "block2_conv1", 8, 16, 1);
    addPool(stages, "block2_pool");
    initKerasDefaults(*base);
    return {base, std::move(stages), {}};
}

}  // namespace tl::internal
