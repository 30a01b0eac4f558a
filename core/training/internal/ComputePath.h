#pragma once
// Internal: includes torch. Only core .cpp files and tests include this header.
#include <cstddef>

#include "core/models/internal/Network.h"
#include "core/training/Precision.h"
#include "core/training/internal/FitLoop.h"

namespace tl::internal {

/// How a run computes its network, the fast way (docs/performance.md): convolution weights and
/// inputs in channels_last memory format, the frozen prefix of the base run without autograd,
/// and bf16 autocast over the whole forward pass when the precision resolves to bf16 (weights
/// stay fp32). Every output is fp32. Build it after the weights are loaded and the freeze plan
/// applied: it converts the network's weights to channels_last (values unchanged) and reads
/// which leading base stages are frozen. Used from one thread.
class ComputePath {
public:
    ComputePath(NetworkImpl& network, Precision precision);

    bool usesBf16() const { return bf16_; }
    /// Fp32 or Bf16: what this path computes in.
    Precision precision() const { return bf16_ ? Precision::Bf16 : Precision::Fp32; }
    /// Training or inference mode (frozen BatchNorm stays in inference mode, see NetworkImpl).
    void setTraining(bool on) { network_.setTraining(on); }
    /// Leading base stages whose parameters are all frozen (parameter-free stages count as frozen).
    std::size_t frozenPrefixLength() const { return frozenPrefix_; }

    /// The base's output for `images` (N, 3, H, W), without autograd.
    torch::Tensor features(const torch::Tensor& images);
    /// The whole network's logits; gradients reach the trainable layers only.
    torch::Tensor logits(const torch::Tensor& images);
    /// Activations after base stage `end` - 1 (the first `end` stages), without autograd.
    torch::Tensor prefix(const torch::Tensor& images, std::size_t end);
    /// Logits from activations of the first `begin` base stages: the rest of the base, then the head.
    torch::Tensor fromStage(const torch::Tensor& activations, std::size_t begin);

    /// The loop's view: logits() for images.
    FitModel wholeNetwork();
    /// The loop's view for cached base outputs: the head alone.
    FitModel headOnly();
    /// The loop's view for cached activations of the first `begin` base stages.
    FitModel fromStageModel(std::size_t begin);

private:
    NetworkImpl& network_;
    bool bf16_;
    std::size_t frozenPrefix_ = 0;
};

}  // namespace tl::internal
