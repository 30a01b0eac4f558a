#pragma once
// Internal: includes torch. Only core .cpp files and tests include this header.
#include <cstdint>
#include <optional>
#include <string>

#include "core/training/TrainingCallbacks.h"
#include "core/training/TrainingControl.h"
#include "core/training/internal/BatchProvider.h"
#include "core/training/internal/ComputePath.h"

namespace tl::internal {

struct ExtractedFeatures {
    torch::Tensor features;  ///< (N, C, h, w) float32, the base's output
    torch::Tensor targets;   ///< as makeTargets() builds them
};

/// Runs the base once over every batch of `images` (inference mode, no gradients, at the
/// path's precision), reporting
/// onProgress as `phase` with done/total in images. Returns nothing if a stop was requested.
/// `cut`: how many base stages to run (the default, all of them, gives the base's output).
std::optional<ExtractedFeatures> extractFeatures(ComputePath& path, BatchProvider& images, std::size_t imageCount,
                                                 const std::string& phase, const TrainingCallbacks& callbacks,
                                                 TrainingControl& control, std::size_t cut = SIZE_MAX);

}  // namespace tl::internal
