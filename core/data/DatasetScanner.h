#pragma once
#include <filesystem>

#include "core/data/Dataset.h"

namespace tl {

/// Scans a dataset folder. Every image file is checked cheaply (ImageDecoder::findProblem);
/// unusable ones land in Dataset::skipped with their reason and never stop the scan.
/// Non-image files (by extension) are ignored silently, hidden files and folders too.
/// Throws tl::Error for a missing folder, an undetectable layout, or a folder with no images.
Dataset scanDataset(const std::filesystem::path& root, DatasetLayout layout = DatasetLayout::Auto);

}  // namespace tl
