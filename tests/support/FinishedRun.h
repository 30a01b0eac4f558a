#pragma once
#include <filesystem>
#include <string>

#include "core/runs/RunFolder.h"
#include "core/training/Regime.h"

namespace tl::test {

/// Writes a run folder under `root` as a finished VGG16 run leaves it, without training:
/// experiment.json, summary.json (2000/1000 images, 30 epochs, best epoch 12 at `bestAccuracy`,
/// started at `startedAt`, ISO 8601 UTC), metrics.csv with `epochs` epochs rising to
/// `bestAccuracy`, and a stand-in model.pt. Fine-tuning unfreezes from block5_conv1 and augments.
RunFolder writeFinishedRun(const std::filesystem::path& root, const std::string& name, Regime regime,
                           const std::string& startedAt, double bestAccuracy, int epochs = 0);

}  // namespace tl::test
