#pragma once
#include <filesystem>

#include "core/training/Experiment.h"
#include "support/TempDir.h"

namespace tl::test {

/// A generated two-class set (demo images, 32x32) and an experiment on the tiny backbone that
/// trains on it in a fraction of a second per epoch.
struct TinyExperiment {
    TempDir folder;
    Experiment experiment;

    /// `perClass` images per class; the split takes 8 train, 4 validation, 4 test per class.
    explicit TinyExperiment(int perClass = 16);
    std::filesystem::path runsRoot() const { return folder / "runs"; }
    std::filesystem::path dataRoot() const { return folder / "data"; }
};

}  // namespace tl::test
