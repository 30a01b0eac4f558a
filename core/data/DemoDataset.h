#pragma once
#include <cstdint>
#include <filesystem>

#include "core/data/Dataset.h"

namespace tl {

/// The built-in demo: a generated two-class image set ("cat", "dog") that a small convnet learns
/// in seconds, so a first run works offline. Cats are dark with a bright disc, dogs are bright
/// with dark vertical stripes; colours, positions and noise vary with `seed`.
struct DemoDatasetOptions {
    int perClass = 60;                                   ///< images per class (per split for SplitFolders)
    DatasetLayout layout = DatasetLayout::ClassFolders;  ///< ClassFolders, SplitFolders or KaggleFlat
    int size = 64;                                       ///< square, pixels
    std::uint64_t seed = 1;
};

/// Writes the demo set under `root` as PNG files (class-folders: root/cat/cat.0.png,
/// split-folders: root/train/cat/..., kaggle: root/cat.0.png). Deterministic for a seed.
void writeDemoDataset(const std::filesystem::path& root, const DemoDatasetOptions& options = {});

}  // namespace tl
