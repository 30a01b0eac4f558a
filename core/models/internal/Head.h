#pragma once
// Internal: includes torch. Only core .cpp files and tests include this header.
#include <memory>
#include <vector>

#include "core/models/ModelSpec.h"
#include "core/models/internal/Stage.h"

namespace tl::internal {

/// The classifier on top of a base: pooling ("flatten" or "global_average_pooling2d") ->
/// "dense" (units, ReLU) -> "dropout" (only if p > 0) -> output Dense ("dense_1", or "dense"
/// when units == 0). The module's children carry the same names, so parameters are
/// "dense.weight", "dense_1.bias", ... The output is logits: no sigmoid or softmax inside.
struct Head {
    std::shared_ptr<torch::nn::Module> module;
    std::vector<Stage> stages;
};

/// Builds a head for feature maps of shape `featureShape` (C, H, W). Throws tl::Error for a
/// negative unit count, a dropout outside [0, 1) or fewer than two classes.
Head makeHead(const HeadSpec& spec, const std::vector<std::int64_t>& featureShape);

}  // namespace tl::internal
