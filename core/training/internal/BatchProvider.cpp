#include "core/training/internal/BatchProvider.h"

namespace tl::internal {

torch::Tensor classIndices(const torch::Tensor& targets) {
    const auto indices = targets.dim() == 2 ? targets.squeeze(1) : targets;
    return indices.to(torch::kFloat32).contiguous();
}

torch::Tensor makeTargets(const std::vector<int>& labels, int numClasses) {
    const auto count = static_cast<std::int64_t>(labels.size());
    if (numClasses == 2) {
        auto targets = torch::empty({count, 1}, torch::kFloat32);
        auto* out = targets.data_ptr<float>();
        for (std::int64_t i = 0; i < count; ++i) out[i] = static_cast<float>(labels[static_cast<std::size_t>(i)]);
        return targets;
    }
    auto targets = torch::empty({count}, torch::kInt64);
    auto* out = targets.data_ptr<std::int64_t>();
    for (std::int64_t i = 0; i < count; ++i) out[i] = labels[static_cast<std::size_t>(i)];
    return targets;
}

std::pair<torch::Tensor, std::int64_t> lossAndCorrect(const torch::Tensor& logits, const torch::Tensor& targets) {
    const bool binary = targets.scalar_type() == torch::kFloat32;
    const auto detached = logits.detach();
    // binary: logit > 0 <=> sigmoid > 0.5
    const auto correct = binary ? (detached > 0).to(torch::kFloat32).eq(targets).sum().item<std::int64_t>()
                                : detached.argmax(1).eq(targets).sum().item<std::int64_t>();
    auto loss = binary ? torch::binary_cross_entropy_with_logits(logits, targets)
                       : torch::nn::functional::cross_entropy(logits, targets);
    return {loss, correct};
}

torch::Tensor probabilities(const torch::Tensor& logits) {
    if (logits.size(1) == 1) {
        const auto positive = torch::sigmoid(logits);
        return torch::cat({1 - positive, positive}, 1);
    }
    return torch::softmax(logits, 1);
}

}  // namespace tl::internal
