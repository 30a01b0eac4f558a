#pragma once
#include <atomic>
#include <cstdint>
#include <filesystem>
#include <string>

#include "core/net/Download.h"
#include "core/weights/WeightsCatalog.h"

namespace tl {

/// Which ImageNet file to fetch, and from where.
struct FetchOptions {
    std::string source;       ///< "torchvision", "keras", or "" for the first candidate (torchvision's)
    bool includeTop = false;  ///< a Keras file with the classifier (torchvision's file always has it)
    /// A folder URL that serves the catalogue's files under their canonical names (a lab's
    /// server, say), used instead of the publishers' URLs. Empty: the publisher's URL.
    std::string mirror;
    DownloadProgressCallback progress;        ///< optional, see download()
    const std::atomic<bool>* stop = nullptr;  ///< optional, see download()
};

struct FetchResult {
    PretrainedFile entry;
    std::filesystem::path file;     ///< where the file is (completed) or will be
    std::string url;                ///< what was downloaded (empty when nothing was)
    bool downloaded = false;        ///< false: it was on this machine already (see findImagenetWeights())
    bool completed = true;          ///< false: stopped; the .part stays for the next attempt
    std::uint64_t resumedFrom = 0;  ///< bytes of an earlier attempt that were kept
};

/// Makes the ImageNet weights of `backbone` available offline: if a candidate file is on this
/// machine (findImagenetWeights()), nothing is downloaded; otherwise the first candidate is
/// downloaded into appWeightsFolder(), resuming an earlier attempt, its digest checked. Throws
/// tl::Error for an unknown backbone or source, or when the download fails (the message says how
/// to get the file by hand).
FetchResult fetchImagenetWeights(const std::string& backbone, const FetchOptions& options = {});

}  // namespace tl
