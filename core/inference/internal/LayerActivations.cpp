#include "core/inference/internal/LayerActivations.h"

#include <algorithm>
#include <numeric>

#include "core/util/Error.h"

namespace tl::internal {

std::size_t baseStageIndex(const NetworkImpl& network, const std::string& layer) {
    const auto& stages = network.baseStages();
    std::size_t index = stages.size();
    for (std::size_t i = 0; i < stages.size(); ++i) {
        if (stages[i].answersTo(layer)) index = i;
    }
    if (index == stages.size()) throw Error("'" + layer + "' is not a layer of the convolutional base");
    return index;
}

FeatureMaps layerActivations(NetworkImpl& network, const torch::Tensor& input, const std::string& layer,
                             int maxChannels) {
    const auto index = baseStageIndex(network, layer);
    torch::NoGradGuard noGrad;
    const auto output = network.forwardBaseStages(input, 0, index + 1);
    if (output.dim() != 4) throw Error("layer '" + layer + "' has no spatial output to show as maps");
    const auto maps = output[0].to(torch::kFloat32).contiguous();  // (C, H, W)
    const auto means = maps.mean({1, 2});
    const auto channels = static_cast<int>(maps.size(0));
    std::vector<int> order(static_cast<std::size_t>(channels));
    std::iota(order.begin(), order.end(), 0);
    const auto* mean = means.data_ptr<float>();
    std::stable_sort(order.begin(), order.end(), [mean](int a, int b) { return mean[a] > mean[b]; });
    order.resize(static_cast<std::size_t>(std::clamp(maxChannels, 1, channels)));

    FeatureMaps result;
    result.layer = network.baseStages()[index].name;
    result.channels = channels;
    result.height = static_cast<int>(maps.size(1));
    result.width = static_cast<int>(maps.size(2));
    for (const int channel : order) {
        auto map = maps[channel];
        const auto low = map.min().item<float>();
        const auto high = map.max().item<float>();
        map = high > low ? (map - low) / (high - low) : torch::zeros_like(map);
        map = map.contiguous();
        result.channelIndex.push_back(channel);
        result.channelMean.push_back(mean[channel]);
        result.values.insert(result.values.end(), map.data_ptr<float>(), map.data_ptr<float>() + map.numel());
    }
    return result;
}

}  // namespace tl::internal
