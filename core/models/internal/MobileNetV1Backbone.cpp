#include <string>
#include <vector>

#include "core/models/internal/BackboneFamilies.h"
#include "core/models/internal/Initialisers.h"
#include "core/models/internal/KerasOps.h"
#include "core/models/internal/StageBuilders.h"

namespace tl::internal {
namespace {

/// Keras' ZeroPadding2D(((0, 1), (0, 1))): one row of zeros below, one column on the right.
torch::Tensor padBottomRight(const torch::Tensor& x) {
    return torch::constant_pad_nd(x, {0, 1, 0, 1}, 0.0);
}

torch::Tensor relu6(const torch::Tensor& x) {
    return torch::clamp(x, 0.0, 6.0);
}

/// Builds the Keras MobileNet layers in order: each one a stage named as Keras names it, each
/// weighted one registered on the base under that name.
class Builder {
public:
    Builder(torch::nn::Module& base, Backbone& backbone) : base_(base), backbone_(backbone) {}

    void pad(const std::string& name) {
        backbone_.stages.push_back(functionStage(name, "ZeroPadding2D", padBottomRight));
    }

    template <typename ModuleHolder>
    void layer(const std::string& name, const std::string& type, ModuleHolder module) {
        addKerasLayer(base_, backbone_.kerasLayers, name, module);
        backbone_.stages.push_back(moduleStage(name, type, module.ptr()));
    }

    void convBnRelu6(const std::string& name, const std::string& type, torch::nn::Conv2d conv, std::int64_t out) {
        layer(name, type, conv);
        layer(name + "_bn", "BatchNormalization", kerasBatchNorm(out));
        backbone_.stages.push_back(functionStage(name + "_relu", "ReLU", relu6));
    }

private:
    torch::nn::Module& base_;
    Backbone& backbone_;
};

struct BlockSetting {
    std::int64_t filters;
    std::int64_t stride;
};

}  // namespace

Backbone makeMobileNetV1(double alpha) {
    // Keras' mobilenet.py: _conv_block(32, strides 2), then 13 _depthwise_conv_blocks.
    const std::vector<BlockSetting> blocks{{64, 1},  {128, 2}, {128, 1}, {256, 2}, {256, 1},  {512, 2}, {512, 1},
                                           {512, 1}, {512, 1}, {512, 1}, {512, 1}, {1024, 2}, {1024, 1}};
    const auto width = [alpha](std::int64_t filters) { return static_cast<std::int64_t>(filters * alpha); };
    Backbone backbone{std::make_shared<torch::nn::Module>(), {}, {}};
    Builder build(*backbone.module, backbone);

    std::int64_t in = width(32);
    build.pad("conv1_pad");
    build.convBnRelu6("conv1", "Conv2D", kerasConv(3, in, 3, 2, false, false), in);
    for (std::size_t i = 0; i < blocks.size(); ++i) {
        const auto id = std::to_string(i + 1);
        const auto stride = blocks[i].stride;
        // Stride 2: explicit bottom/right zero padding then 'valid'; stride 1: 'same'.
        if (stride == 2) build.pad("conv_pad_" + id);
        build.convBnRelu6("conv_dw_" + id, "DepthwiseConv2D", kerasConv(in, in, 3, stride, stride == 1, false, in), in);
        const auto out = width(blocks[i].filters);
        build.convBnRelu6("conv_pw_" + id, "Conv2D", kerasConv(in, out, 1, 1, false, false), out);
        in = out;
    }
    initKerasDefaults(*backbone.module);
    return backbone;
}

}  // namespace tl::internal
