#include "core/inference/internal/GradCam.h"

#include "core/inference/internal/LayerActivations.h"
#include "core/util/Error.h"

namespace tl::internal {
namespace {

bool spatial(const LayerSummary& layer) {
    return layer.inBase && layer.outputShape.size() == 3 && layer.outputShape[1] >= 2 && layer.outputShape[2] >= 2;
}

}  // namespace

std::vector<std::string> camLayers(const ModelSummary& summary) {
    std::vector<std::string> names;
    for (const auto& layer : summary.layers) {
        if (spatial(layer)) names.push_back(layer.name);
    }
    return names;
}

std::string defaultCamLayer(const ModelSummary& summary) {
    std::string chosen;
    for (const auto& layer : summary.layers) {
        if (spatial(layer) && layer.type.find("Pool") == std::string::npos) chosen = layer.name;
    }
    return chosen;
}

Heatmap gradCam(NetworkImpl& network, const torch::Tensor& input, const std::string& layer, int forClass) {
    const auto& stages = network.baseStages();
    const auto index = baseStageIndex(network, layer);

    torch::Tensor activations;
    {
        torch::NoGradGuard noGrad;
        activations = network.forwardBaseStages(input, 0, index + 1);
    }
    if (activations.dim() != 4) throw Error("layer '" + layer + "' has no spatial output to draw a heatmap from");
    torch::AutoGradMode gradients(true);
    activations = activations.detach().to(torch::kFloat32).contiguous().requires_grad_(true);
    const auto logits = network.forwardHead(network.forwardBaseStages(activations, index + 1, stages.size()));
    torch::Tensor score;
    if (logits.size(1) == 1) {
        score = forClass == 1 ? logits[0][0] : -logits[0][0];
    } else {
        if (forClass < 0 || forClass >= logits.size(1)) throw Error("no class " + std::to_string(forClass));
        score = logits[0][forClass];
    }
    const auto gradient = torch::autograd::grad({score}, {activations})[0];
    torch::NoGradGuard noGrad;
    const auto weights = gradient.mean({2, 3}, true);
    auto map = torch::relu((weights * activations.detach()).sum(1, true));
    map = torch::nn::functional::interpolate(map, torch::nn::functional::InterpolateFuncOptions()
                                                      .size(std::vector<std::int64_t>{input.size(2), input.size(3)})
                                                      .mode(torch::kBilinear)
                                                      .align_corners(false));
    const auto peak = map.max().item<float>();
    if (peak > 0) map = map / peak;
    map = map.clamp(0, 1).contiguous();

    Heatmap heatmap;
    heatmap.height = static_cast<int>(input.size(2));
    heatmap.width = static_cast<int>(input.size(3));
    heatmap.values.assign(map.data_ptr<float>(), map.data_ptr<float>() + map.numel());
    heatmap.layer = stages[index].name;
    heatmap.forClass = forClass;
    return heatmap;
}

}  // namespace tl::internal
