#pragma once
#include <filesystem>

#include "core/training/Experiment.h"

namespace tl {

/// The built-in demo project's experiment: the classic small convnet trained from scratch on
/// the generated demo set (see DemoDataset.h) at 64x64, sized so a first run finishes in well
/// under a minute on two cores.
Experiment demoExperiment(const std::filesystem::path& dataRoot);

/// Where the demo project lives unless told otherwise: $XDG_DATA_HOME/transferlab/demo, by
/// default ~/.local/share/transferlab/demo (images in data/, runs in runs/).
std::filesystem::path defaultDemoFolder();

/// Writes the demo image set into `dataRoot` unless a scan there already finds it.
void ensureDemoDataset(const std::filesystem::path& dataRoot);

}  // namespace tl
