#include "core/models/FreezePlanning.h"

#include <algorithm>

namespace tl {

FreezePlan freezePlanFor(const std::vector<LayerSummary>& layers) {
    std::vector<const LayerSummary*> weighted;
    for (const auto& layer : layers) {
        if (layer.parameters > 0) weighted.push_back(&layer);
    }
    const auto firstTrainableBase = std::find_if(
        weighted.begin(), weighted.end(), [](const LayerSummary* layer) { return layer->inBase && layer->trainable; });
    const bool baseHasLayers =
        std::any_of(weighted.begin(), weighted.end(), [](const LayerSummary* layer) { return layer->inBase; });

    FreezePlan plan;
    if (baseHasLayers && firstTrainableBase == weighted.end()) {
        plan.base = FreezePlan::Base::Frozen;
    } else if (baseHasLayers && firstTrainableBase != weighted.begin()) {
        plan.base = FreezePlan::Base::TrainableFrom;
        plan.from = (*firstTrainableBase)->name;
    }
    // What the base rule alone would give each layer; every difference becomes an exception.
    bool pastFrom = plan.base != FreezePlan::Base::TrainableFrom;
    for (const auto* layer : weighted) {
        if (layer->name == plan.from) pastFrom = true;
        const bool ruleTrains = !layer->inBase || (plan.base == FreezePlan::Base::Trainable) ||
                                (plan.base == FreezePlan::Base::TrainableFrom && pastFrom);
        if (ruleTrains && !layer->trainable) plan.frozen.push_back(layer->name);
        if (!ruleTrains && layer->trainable) plan.trainable.push_back(layer->name);
    }
    return plan;
}

}  // namespace tl
