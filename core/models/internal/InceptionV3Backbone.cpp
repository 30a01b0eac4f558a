#include <string>
#include <vector>

#include "core/models/internal/BackboneFamilies.h"
#include "core/models/internal/Initialisers.h"
#include "core/models/internal/StageBuilders.h"

namespace tl::internal {
namespace {

using torch::nn::BatchNorm2d;
using torch::nn::Conv2d;
using torch::nn::Conv2dOptions;

/// torchvision's BasicConv2d: "conv" (no bias) + "bn" (eps 1e-3, as Keras') + ReLU. Kernel and
/// padding per axis (height, width), so (1, 7) convs pad (0, 3) like Keras' 'same'.
class BasicConv2dImpl : public torch::nn::Module {
public:
    BasicConv2dImpl(std::int64_t in, std::int64_t out, std::vector<std::int64_t> kernel,
                    std::vector<std::int64_t> padding, std::int64_t stride = 1)
        : conv(register_module("conv", Conv2d(Conv2dOptions(in, out, torch::ExpandingArray<2>(kernel))
                                                  .stride(stride)
                                                  .padding(torch::ExpandingArray<2>(padding))
                                                  .bias(false)))),
          bn(register_module("bn", BatchNorm2d(torch::nn::BatchNorm2dOptions(out).eps(1e-3)))) {}

    torch::Tensor forward(const torch::Tensor& x) { return torch::relu(bn->forward(conv->forward(x))); }

    Conv2d conv;
    BatchNorm2d bn;
};
TORCH_MODULE(BasicConv2d);

BasicConv2d square(std::int64_t in, std::int64_t out, std::int64_t kernel, std::int64_t padding,
                   std::int64_t stride = 1) {
    return BasicConv2d(in, out, std::vector<std::int64_t>{kernel, kernel}, std::vector<std::int64_t>{padding, padding},
                       stride);
}

/// (1, 7) / (7, 1) and (1, 3) / (3, 1) convs with 'same' padding.
BasicConv2d wide(std::int64_t in, std::int64_t out, std::int64_t k) {
    return BasicConv2d(in, out, std::vector<std::int64_t>{1, k}, std::vector<std::int64_t>{0, k / 2});
}
BasicConv2d tall(std::int64_t in, std::int64_t out, std::int64_t k) {
    return BasicConv2d(in, out, std::vector<std::int64_t>{k, 1}, std::vector<std::int64_t>{k / 2, 0});
}

/// The branch_pool average: torchvision's F.avg_pool2d(3, 1, padding 1) divides by 9 everywhere;
/// Keras' AveragePooling2D 'same' divides by the cells inside the image. `keras` holds the
/// flag (a 0-d int64 buffer on the base) that the Keras loader sets.
torch::Tensor averagePool(const torch::Tensor& x, const torch::Tensor& keras) {
    const bool excludePadding = keras.item<std::int64_t>() != 0;
    return torch::avg_pool2d(x, 3, 1, 1, false, /*count_include_pad=*/!excludePadding);
}

/// The Inception blocks: each registers its branches in torchvision's order (which is also the
/// order Keras creates, hence numbers, their layers) and concatenates them in that order.
class MixedImpl : public torch::nn::Module {
public:
    MixedImpl(char kind, std::int64_t in, std::int64_t width, torch::Tensor keras) : kind_(kind), keras_(keras) {
        switch (kind) {
            case 'A':  // Mixed_5b/c/d; width: branch_pool's channels
                add("branch1x1", square(in, 64, 1, 0));
                add("branch5x5_1", square(in, 48, 1, 0));
                add("branch5x5_2", square(48, 64, 5, 2));
                add("branch3x3dbl_1", square(in, 64, 1, 0));
                add("branch3x3dbl_2", square(64, 96, 3, 1));
                add("branch3x3dbl_3", square(96, 96, 3, 1));
                add("branch_pool", square(in, width, 1, 0));
                break;
            case 'B':  // Mixed_6a
                add("branch3x3", square(in, 384, 3, 0, 2));
                add("branch3x3dbl_1", square(in, 64, 1, 0));
                add("branch3x3dbl_2", square(64, 96, 3, 1));
                add("branch3x3dbl_3", square(96, 96, 3, 0, 2));
                break;
            case 'C':  // Mixed_6b..e; width: channels_7x7
                add("branch1x1", square(in, 192, 1, 0));
                add("branch7x7_1", square(in, width, 1, 0));
                add("branch7x7_2", wide(width, width, 7));
                add("branch7x7_3", tall(width, 192, 7));
                add("branch7x7dbl_1", square(in, width, 1, 0));
                add("branch7x7dbl_2", tall(width, width, 7));
                add("branch7x7dbl_3", wide(width, width, 7));
                add("branch7x7dbl_4", tall(width, width, 7));
                add("branch7x7dbl_5", wide(width, 192, 7));
                add("branch_pool", square(in, 192, 1, 0));
                break;
            case 'D':  // Mixed_7a
                add("branch3x3_1", square(in, 192, 1, 0));
                add("branch3x3_2", square(192, 320, 3, 0, 2));
                add("branch7x7x3_1", square(in, 192, 1, 0));
                add("branch7x7x3_2", wide(192, 192, 7));
                add("branch7x7x3_3", tall(192, 192, 7));
                add("branch7x7x3_4", square(192, 192, 3, 0, 2));
                break;
            default:  // 'E': Mixed_7b/c
                add("branch1x1", square(in, 320, 1, 0));
                add("branch3x3_1", square(in, 384, 1, 0));
                add("branch3x3_2a", wide(384, 384, 3));
                add("branch3x3_2b", tall(384, 384, 3));
                add("branch3x3dbl_1", square(in, 448, 1, 0));
                add("branch3x3dbl_2", square(448, 384, 3, 1));
                add("branch3x3dbl_3a", wide(384, 384, 3));
                add("branch3x3dbl_3b", tall(384, 384, 3));
                add("branch_pool", square(in, 192, 1, 0));
        }
    }

    torch::Tensor forward(const torch::Tensor& x) {
        const auto run = [&](std::size_t i, const torch::Tensor& input) { return convs_[i]->forward(input); };
        switch (kind_) {
            case 'A':
                return torch::cat(
                    {run(0, x), run(2, run(1, x)), run(5, run(4, run(3, x))), run(6, averagePool(x, keras_))}, 1);
            case 'B':
                return torch::cat({run(0, x), run(3, run(2, run(1, x))), torch::max_pool2d(x, 3, 2)}, 1);
            case 'C':
                return torch::cat({run(0, x), run(3, run(2, run(1, x))), run(8, run(7, run(6, run(5, run(4, x))))),
                                   run(9, averagePool(x, keras_))},
                                  1);
            case 'D':
                return torch::cat({run(1, run(0, x)), run(5, run(4, run(3, run(2, x)))), torch::max_pool2d(x, 3, 2)},
                                  1);
            default: {
                const auto branch3x3 = run(1, x);
                const auto branch3x3dbl = run(5, run(4, x));
                return torch::cat({run(0, x), run(2, branch3x3), run(3, branch3x3), run(6, branch3x3dbl),
                                   run(7, branch3x3dbl), run(8, averagePool(x, keras_))},
                                  1);
            }
        }
    }

    const std::vector<BasicConv2d>& convs() const { return convs_; }

private:
    char kind_;
    torch::Tensor keras_;
    std::vector<BasicConv2d> convs_;

    void add(const std::string& name, BasicConv2d conv) { convs_.push_back(register_module(name, conv)); }
};
TORCH_MODULE(Mixed);

}  // namespace

Backbone makeInceptionV3() {
    Backbone backbone{std::make_shared<torch::nn::Module>(), {}, {}};
    auto& base = *backbone.module;
    const auto keras = base.register_buffer(kKerasPoolingBuffer, torch::zeros({}, torch::kInt64));
    const auto recordKeras = [&](const BasicConv2d& conv) {
        const int ordinal = static_cast<int>(backbone.kerasLayers.size() / 2);
        backbone.kerasLayers.push_back({"conv2d", ordinal, conv->conv.ptr()});
        backbone.kerasLayers.push_back({"batch_normalization", ordinal, conv->bn.ptr()});
    };
    const auto addConv = [&](const std::string& name, BasicConv2d conv) {
        base.register_module(name, conv);
        recordKeras(conv);
        backbone.stages.push_back(moduleStage(name, "BasicConv2d", conv.ptr()));
    };
    const auto addPool = [&](const std::string& name) {
        backbone.stages.push_back(
            functionStage(name, "MaxPooling2D", [](const torch::Tensor& x) { return torch::max_pool2d(x, 3, 2); }));
    };
    int mixedIndex = 0;
    const auto addMixed = [&](const std::string& name, char kind, std::int64_t in, std::int64_t width) {
        Mixed mixed(kind, in, width, keras);
        base.register_module(name, mixed);
        for (const auto& conv : mixed->convs()) recordKeras(conv);
        backbone.stages.push_back(moduleStage(name, std::string("Inception") + kind, mixed.ptr(), Activation::None,
                                              {"mixed" + std::to_string(mixedIndex++)}));
    };

    addConv("Conv2d_1a_3x3", square(3, 32, 3, 0, 2));
    addConv("Conv2d_2a_3x3", square(32, 32, 3, 0));
    addConv("Conv2d_2b_3x3", square(32, 64, 3, 1));
    addPool("maxpool1");
    addConv("Conv2d_3b_1x1", square(64, 80, 1, 0));
    addConv("Conv2d_4a_3x3", square(80, 192, 3, 0));
    addPool("maxpool2");
    addMixed("Mixed_5b", 'A', 192, 32);
    addMixed("Mixed_5c", 'A', 256, 64);
    addMixed("Mixed_5d", 'A', 288, 64);
    addMixed("Mixed_6a", 'B', 288, 0);
    addMixed("Mixed_6b", 'C', 768, 128);
    addMixed("Mixed_6c", 'C', 768, 160);
    addMixed("Mixed_6d", 'C', 768, 160);
    addMixed("Mixed_6e", 'C', 768, 192);
    addMixed("Mixed_7a", 'D', 768, 0);
    addMixed("Mixed_7b", 'E', 1280, 0);
    addMixed("Mixed_7c", 'E', 2048, 0);
    initTorchvisionConvs(base);
    return backbone;
}

}  // namespace tl::internal
