#pragma once
#include <vector>

#include "core/models/FreezePlan.h"
#include "core/models/ModelSummary.h"

namespace tl {

/// The shortest FreezePlan that gives every layer of `layers` (a model's summary, in order) the
/// trainability its `trainable` flag asks for: the base rule that fits best (all trainable, all
/// frozen, or trainable from the first trainable base layer), then the exceptions by name.
/// Layers without parameters are ignored: freezing them changes nothing. What a layer tree with a
/// checkbox per layer hands to an experiment.
FreezePlan freezePlanFor(const std::vector<LayerSummary>& layers);

}  // namespace tl
