#include <limits>
#include <map>
#include <string>
#include <tuple>
#include <vector>

#include "core/models/internal/BackboneFamilies.h"
#include "core/models/internal/Initialisers.h"
#include "core/models/internal/KerasOps.h"
#include "core/models/internal/StageBuilders.h"

namespace tl::internal {
namespace {

using Forward = std::function<torch::Tensor(const torch::Tensor&)>;

torch::Tensor applyRelu(const torch::Tensor& x) {
    return torch::relu(x);
}

/// MaxPooling2D((3, 3), strides 2, padding 'same'): TensorFlow pads the larger half after and
/// never picks a padded cell.
torch::Tensor maxPoolSame(const torch::Tensor& x) {
    return torch::max_pool2d(padSame(x, 3, 2, -std::numeric_limits<double>::infinity()), 3, 2);
}

/// Declares Xception's layers on the base under Keras' names and collects the stages.
class Builder {
public:
    explicit Builder(Backbone& backbone) : backbone_(backbone) {}

    /// A weighted layer registered as `name`, as a stage of its own or as part of a block.
    template <typename ModuleHolder>
    ModuleHolder add(const std::string& name, ModuleHolder module) {
        addKerasLayer(*backbone_.module, backbone_.kerasLayers, name, module);
        blockModules_.push_back(module.ptr());
        blockNames_.push_back(name);
        return module;
    }

    /// A layer Keras names automatically ("conv2d_3"): registered as "<family>_<ordinal>".
    template <typename ModuleHolder>
    ModuleHolder addAutoNamed(const std::string& family, ModuleHolder module) {
        auto& count = autoCounts_[family];
        backbone_.module->register_module(family + "_" + std::to_string(count), module);
        backbone_.kerasLayers.push_back({family, count++, module.ptr()});
        blockModules_.push_back(module.ptr());
        return module;
    }

    /// SeparableConv2D (no bias) named `name`, then its BatchNormalization "<name>_bn".
    Forward sepConvBn(const std::string& name, std::int64_t in, std::int64_t out) {
        auto conv = add(name, SeparableConv2d(in, out, 3, false));
        auto norm = add(name + "_bn", kerasBatchNorm(out));
        return [conv, norm](const torch::Tensor& x) mutable { return norm->forward(conv->forward(x)); };
    }

    /// A Keras layer without weights that is part of the next stage ("block14_sepconv1_act").
    void alias(const std::string& name) { blockNames_.push_back(name); }

    /// Ends a stage: everything added since the last one belongs to it, and the Keras names of
    /// those layers select it too ("block5_sepconv2_bn" selects block5).
    void stage(const std::string& name, const std::string& type, Forward forward) {
        std::erase(blockNames_, name);
        backbone_.stages.push_back({name, std::move(blockNames_), type, std::move(forward), std::move(blockModules_)});
        blockModules_.clear();
        blockNames_.clear();
    }

    /// Blocks 2-4 and 13: the entry flow's downsampling block with a 1x1 stride-2 residual conv.
    /// `leadingRelu`: block 2 starts from an activated input, the others apply ReLU first.
    void downsamplingBlock(int block, std::int64_t in, std::int64_t mid, std::int64_t out, bool leadingRelu) {
        const auto prefix = "block" + std::to_string(block);
        // 1x1, stride 2, 'same': TensorFlow pads nothing for a 1x1 window.
        auto residualConv = addAutoNamed("conv2d", kerasConv(in, out, 1, 2, false, false));
        auto residualNorm = addAutoNamed("batch_normalization", kerasBatchNorm(out));
        auto first = sepConvBn(prefix + "_sepconv1", in, mid);
        auto second = sepConvBn(prefix + "_sepconv2", mid, out);
        stage(prefix, "XceptionBlock", [=](const torch::Tensor& x) mutable {
            const auto residual = residualNorm->forward(residualConv->forward(x));
            auto y = first(leadingRelu ? applyRelu(x) : x);
            y = maxPoolSame(second(applyRelu(y)));
            return y + residual;
        });
    }

    /// Blocks 5-12: three ReLU + SeparableConv2D + BatchNormalization, plus the input.
    void middleBlock(int block) {
        const auto prefix = "block" + std::to_string(block);
        std::vector<Forward> convs;
        for (int i = 1; i <= 3; ++i) convs.push_back(sepConvBn(prefix + "_sepconv" + std::to_string(i), 728, 728));
        stage(prefix, "XceptionBlock", [convs](const torch::Tensor& x) {
            auto y = x;
            for (const auto& conv : convs) y = conv(applyRelu(y));
            return y + x;
        });
    }

private:
    Backbone& backbone_;
    std::vector<std::shared_ptr<torch::nn::Module>> blockModules_;
    std::vector<std::string> blockNames_;
    std::map<std::string, int> autoCounts_;
};

}  // namespace

Backbone makeXception() {
    Backbone backbone{std::make_shared<torch::nn::Module>(), {}, {}};
    Builder build(backbone);
    // Entry flow: two 'valid' convs without bias, each with BatchNormalization and ReLU.
    const auto convBnRelu = [&](const std::string& name, std::int64_t in, std::int64_t out, std::int64_t stride) {
        auto conv = build.add(name, kerasConv(in, out, 3, stride, false, false));
        build.stage(name, "Conv2D", [conv](const torch::Tensor& x) mutable { return conv->forward(x); });
        auto norm = build.add(name + "_bn", kerasBatchNorm(out));
        build.stage(name + "_bn", "BatchNormalization",
                    [norm](const torch::Tensor& x) mutable { return norm->forward(x); });
        build.stage(name + "_act", "Activation", applyRelu);
    };
    convBnRelu("block1_conv1", 3, 32, 2);
    convBnRelu("block1_conv2", 32, 64, 1);
    build.downsamplingBlock(2, 64, 128, 128, false);
    build.downsamplingBlock(3, 128, 256, 256, true);
    build.downsamplingBlock(4, 256, 728, 728, true);
    for (int block = 5; block <= 12; ++block) build.middleBlock(block);
    build.downsamplingBlock(13, 728, 728, 1024, true);
    // Exit flow: SeparableConv2D + BatchNormalization + ReLU, twice.
    for (const auto& [name, in, out] : {std::tuple{"block14_sepconv1", 1024, 1536}, {"block14_sepconv2", 1536, 2048}}) {
        auto conv = build.sepConvBn(name, in, out);
        build.alias(std::string(name) + "_act");
        build.stage(name, "SeparableConv2D", [conv](const torch::Tensor& x) { return applyRelu(conv(x)); });
    }
    initKerasDefaults(*backbone.module);
    return backbone;
}

}  // namespace tl::internal
