#pragma once
#include <filesystem>
#include <ostream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "cli/Console.h"
#include "core/training/Experiment.h"

namespace tl::cli {

/// What `bench --nproc LIST` measures: data-parallel training of the real train command, once per
/// process count, for the head alone (fe) and for the head with the base's last block (fine-tune).
struct ScalingSettings {
    /// Data, backbone, weights, input size, head and precision; the rest is set per measurement.
    Experiment base;
    int perClass = 20;         ///< training images per class
    int threads = 1;           ///< cores shared out between the processes of each measurement
    int steps = 5;             ///< fine-tune batches per epoch
    int pool = 2;              ///< fine-tune's augmentation pool (0: exact augmentation)
    std::string fineTuneFrom;  ///< first trainable layer of fine-tuning; empty: not measured
    std::vector<int> processCounts{1, 2};
};

/// Trains each configuration for two epochs per process count (as `transferlab-cli train
/// --nproc N` in child processes) and reads the second epoch's seconds per batch from the run
/// folders, beside the gradient bytes all-reduced per step and the milliseconds it took. Writes
/// lines for people to `text`; returns {"head": {...}, "block5": {...}} keyed by process count.
nlohmann::json measureScaling(const ScalingSettings& settings, Console& console, std::ostream& text);

}  // namespace tl::cli
