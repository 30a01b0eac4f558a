#include "core/training/internal/ComputePath.h"

#include "core/training/internal/Bf16Autocast.h"

namespace tl::internal {
namespace {

torch::Tensor channelsLast(const torch::Tensor& x) {
    return x.dim() == 4 ? x.contiguous(at::MemoryFormat::ChannelsLast) : x;
}

bool allFrozen(const Stage& stage) {
    for (const auto& parameter : stage.parameters()) {
        if (parameter.requires_grad()) return false;
    }
    return true;
}

}  // namespace

ComputePath::ComputePath(NetworkImpl& network, Precision precision)
    : network_(network), bf16_(resolvePrecision(precision) == Precision::Bf16) {
    network_.useChannelsLast();
    const auto& stages = network_.baseStages();
    while (frozenPrefix_ < stages.size() && allFrozen(stages[frozenPrefix_])) ++frozenPrefix_;
}

torch::Tensor ComputePath::prefix(const torch::Tensor& images, std::size_t end) {
    torch::NoGradGuard noGrad;
    const Bf16Autocast autocast(bf16_);
    return network_.forwardBaseStages(channelsLast(images), 0, end).to(torch::kFloat32);
}

torch::Tensor ComputePath::features(const torch::Tensor& images) {
    return prefix(images, network_.baseStages().size());
}

torch::Tensor ComputePath::fromStage(const torch::Tensor& activations, std::size_t begin) {
    const auto end = network_.baseStages().size();
    const Bf16Autocast autocast(bf16_);
    auto x = network_.forwardBaseStages(channelsLast(activations), begin, end);
    return network_.forwardHead(x).to(torch::kFloat32);
}

torch::Tensor ComputePath::logits(const torch::Tensor& images) {
    // Up to the last frozen stage no gradient is needed: skip autograd's bookkeeping there.
    const auto cut = frozenPrefix_;
    if (cut == 0) {
        const Bf16Autocast autocast(bf16_);
        return network_.forward(channelsLast(images)).to(torch::kFloat32);
    }
    torch::Tensor activations;
    {
        torch::NoGradGuard noGrad;
        const Bf16Autocast autocast(bf16_);
        activations = network_.forwardBaseStages(channelsLast(images), 0, cut);
    }
    return fromStage(activations, cut);
}

FitModel ComputePath::wholeNetwork() {
    return {[this](const torch::Tensor& x) { return logits(x); }, [this](bool on) { network_.setTraining(on); }};
}

FitModel ComputePath::headOnly() {
    // The head is small: fp32 keeps cached-feature training exact at no visible cost.
    return {[this](const torch::Tensor& x) { return network_.forwardHead(x); },
            [this](bool on) { network_.setTraining(on); }};
}

FitModel ComputePath::fromStageModel(std::size_t begin) {
    return {[this, begin](const torch::Tensor& x) { return fromStage(x, begin); },
            [this](bool on) { network_.setTraining(on); }};
}

}  // namespace tl::internal
