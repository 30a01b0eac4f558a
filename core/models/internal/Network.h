#pragma once
// Internal: includes torch. Only core .cpp files and tests include this header.
#include <vector>

#include "core/models/FreezePlan.h"
#include "core/models/ModelSpec.h"
#include "core/models/ModelSummary.h"
#include "core/models/internal/KerasLayer.h"
#include "core/models/internal/Stage.h"

namespace tl::internal {

/// Base + head as one torch module. Registered children: "base" (torchvision names below it)
/// and "head" ("dense", "dense_1" as Keras would name them; the ImageNet head: torchvision's
/// "classifier.*" / "fc"). Output: logits, (N, 1) for two
/// classes (apply a sigmoid for the probability of class 1), (N, C) otherwise.
class NetworkImpl : public torch::nn::Module {
public:
    explicit NetworkImpl(const ModelSpec& spec);

    torch::Tensor forward(const torch::Tensor& images);
    torch::Tensor forwardBase(const torch::Tensor& images);
    torch::Tensor forwardHead(const torch::Tensor& features);

    /// Runs base stages [begin, end) only; lets a frozen prefix be computed once.
    torch::Tensor forwardBaseStages(torch::Tensor x, std::size_t begin, std::size_t end);

    const std::vector<Stage>& baseStages() const { return baseStages_; }
    const std::vector<Stage>& headStages() const { return headStages_; }
    std::shared_ptr<torch::nn::Module> baseModule() const { return base_; }
    std::shared_ptr<torch::nn::Module> headModule() const { return head_; }
    /// What a PyTorch weights file fills, under the file's names: the base, and with the ImageNet
    /// head also its classifier ("features.0.weight", "classifier.6.bias"). Shares the tensors.
    std::shared_ptr<torch::nn::Module> pretrainedModule() const { return pretrained_; }
    const ModelSpec& spec() const { return spec_; }
    /// The base's layers as a Keras weights file names them, then, with the ImageNet head, its
    /// classifier's (empty: no Keras counterpart).
    const std::vector<KerasLayer>& kerasLayers() const { return kerasLayers_; }
    /// (C, H, W) of the base output at spec().input.
    const std::vector<std::int64_t>& baseOutputShape() const { return baseOutputShape_; }

    void applyFreeze(const FreezePlan& plan);
    /// Stores every 4-D weight (convolution kernels) in channels_last memory format, which
    /// oneDNN computes faster on CPU. Values, names and shapes are unchanged.
    void useChannelsLast();
    /// Parameters are counted as Keras counts them: weights plus BatchNorm's moving mean and
    /// variance, which are never trained (non-trainable).
    ModelSummary summarize();

    /// train(on) that keeps BatchNorm of fully frozen stages in inference mode (Keras 2 does the
    /// same for frozen BatchNorm layers), so frozen layers really do not change.
    void setTraining(bool on);

private:
    ModelSpec spec_;
    std::shared_ptr<torch::nn::Module> base_;
    std::shared_ptr<torch::nn::Module> head_;
    std::shared_ptr<torch::nn::Module> pretrained_;
    std::vector<Stage> baseStages_;
    std::vector<Stage> headStages_;
    std::vector<KerasLayer> kerasLayers_;
    std::vector<std::int64_t> baseOutputShape_;
    /// Output shape (without batch) of every stage at spec_.input, base stages then head stages.
    std::vector<std::vector<std::int64_t>> stageOutputShapes_;
    /// The last FreezePlan's verdict per stage (base then head); shown for parameter-free layers.
    std::vector<bool> stageFrozen_;

    std::vector<const Stage*> allStages() const;
    /// Runs one zero image through the base to learn every stage's output shape, then builds
    /// the head for the base's output and records its stages' shapes too.
    void buildHead();
};
TORCH_MODULE(Network);

}  // namespace tl::internal
