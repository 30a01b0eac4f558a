#pragma once
// Internal: includes torch. Only core .cpp files and tests include this header.
#include <torch/torch.h>

#include <memory>

#include "core/training/Experiment.h"

namespace tl::internal {

/// The optimiser of `spec` over `parameters` (only those with requires_grad are passed on, so a
/// frozen layer is never touched). RMSprop follows Keras: rho -> alpha, epsilon 1e-7.
/// Throws tl::Error when no parameter is trainable.
std::unique_ptr<torch::optim::Optimizer> makeOptimizer(const OptimizerSpec& spec,
                                                       const std::vector<torch::Tensor>& parameters);

}  // namespace tl::internal
