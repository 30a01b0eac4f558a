#include "core/training/internal/OptimizerFactory.h"

#include "core/util/Error.h"

namespace tl::internal {

std::unique_ptr<torch::optim::Optimizer> makeOptimizer(const OptimizerSpec& spec,
                                                       const std::vector<torch::Tensor>& parameters) {
    std::vector<torch::Tensor> trainable;
    for (const auto& parameter : parameters) {
        if (parameter.requires_grad()) trainable.push_back(parameter);
    }
    if (trainable.empty()) throw Error("nothing to train: every layer is frozen");
    switch (spec.kind) {
        case OptimizerKind::Adam:
            return std::make_unique<torch::optim::Adam>(trainable,
                                                        torch::optim::AdamOptions(spec.learningRate).eps(spec.epsilon));
        case OptimizerKind::Sgd:
            return std::make_unique<torch::optim::SGD>(
                trainable, torch::optim::SGDOptions(spec.learningRate).momentum(spec.momentum));
        case OptimizerKind::RmsProp:
            break;
    }
    return std::make_unique<torch::optim::RMSprop>(
        trainable, torch::optim::RMSpropOptions(spec.learningRate).alpha(spec.rho).eps(spec.epsilon));
}

}  // namespace tl::internal
