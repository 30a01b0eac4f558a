#pragma once
#include <atomic>
#include <cstddef>
#include <filesystem>
#include <functional>

#include "core/data/Dataset.h"
#include "core/util/Error.h"

namespace tl {

/// How far a scan is: image files checked, of all those found.
struct ScanProgress {
    std::size_t checked = 0;
    std::size_t total = 0;
};

/// Optional hooks of scanDataset(); either may be left empty.
struct ScanControl {
    /// Called on the scanning thread while files are checked: about a hundred times per scan,
    /// always once with checked == total at the end.
    std::function<void(const ScanProgress&)> progress;
    /// Set to true (from any thread) to stop the scan: it throws ScanStopped within one file.
    const std::atomic<bool>* stop = nullptr;
};

/// What scanDataset() throws when ScanControl::stop is set.
class ScanStopped : public Error {
public:
    using Error::Error;
};

/// Scans a dataset folder. Every image file is checked cheaply (ImageDecoder::findProblem);
/// unusable ones land in Dataset::skipped with their reason and never stop the scan.
/// Non-image files (by extension) are ignored silently, hidden files and folders too.
/// `root` may be a zip archive or a folder inside one (ZipArchive): Kaggle's train.zip is read
/// as it is, from the single folder it holds (Dataset::root says `.../train.zip/train`).
/// Throws tl::Error for a missing folder, an undetectable layout, or a folder with no images.
/// Checking the files (they are listed first) is the long part: `control` follows and stops it.
Dataset scanDataset(const std::filesystem::path& root, DatasetLayout layout = DatasetLayout::Auto,
                    const ScanControl& control = {});

}  // namespace tl
