#include "core/models/internal/Initialisers.h"

namespace tl::internal {

void initTorchvisionConvs(torch::nn::Module& module) {
    torch::NoGradGuard noGrad;
    for (const auto& child : module.modules(/*include_self=*/true)) {
        if (auto* conv = child->as<torch::nn::Conv2d>()) {
            torch::nn::init::kaiming_normal_(conv->weight, 0.0, torch::kFanOut, torch::kReLU);
            if (conv->bias.defined()) torch::nn::init::zeros_(conv->bias);
        } else if (auto* norm = child->as<torch::nn::BatchNorm2d>()) {
            torch::nn::init::ones_(norm->weight);
            torch::nn::init::zeros_(norm->bias);
        }
    }
}

void initKerasDefaults(torch::nn::Module& module) {
    torch::NoGradGuard noGrad;
    for (const auto& child : module.modules(/*include_self=*/true)) {
        if (auto* conv = child->as<torch::nn::Conv2d>()) {
            torch::nn::init::xavier_uniform_(conv->weight);
            if (conv->bias.defined()) torch::nn::init::zeros_(conv->bias);
        } else if (auto* linear = child->as<torch::nn::Linear>()) {
            torch::nn::init::xavier_uniform_(linear->weight);
            if (linear->bias.defined()) torch::nn::init::zeros_(linear->bias);
        }
    }
}

}  // namespace tl::internal
