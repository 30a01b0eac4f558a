#pragma once
// Internal: includes torch. Only core .cpp files and tests include this header.
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "core/data/Dataset.h"
#include "core/training/internal/FeatureExtraction.h"

namespace tl::internal {

/// Base outputs stored on disk once and reused by every later run that would compute the same
/// thing, from the window or the command line. An entry is named by the SHA-256 of its key:
/// backbone, weights identity (file SHA-256), input size, preprocessing, precision, cut point,
/// LibTorch version, and every file with its size, modification time and label; change any and
/// the entry is not found. Features are .npy (float32), memory-mapped when read. An entry is
/// written to a temporary folder and renamed into place, so readers never see half of one.
/// Thread-safe for distinct entries; two processes writing the same entry both succeed (the
/// second rename loses, harmlessly).
class FeatureCache {
public:
    /// `folder` empty: a cache that finds nothing and stores nothing.
    explicit FeatureCache(std::filesystem::path folder);

    /// $XDG_CACHE_HOME/transferlab/features (by default ~/.cache/transferlab/features).
    static std::filesystem::path defaultFolder();

    /// The key text for one split's base outputs (see the class comment).
    static std::string keyFor(const std::string& backbone, const std::string& weightsIdentity, const std::string& setup,
                              const std::vector<Sample>& samples);

    bool enabled() const { return !folder_.empty(); }
    /// The entry's features and targets (targets as makeTargets() builds them for `numClasses`),
    /// and the files that were skipped when it was made; nothing when absent or unreadable.
    struct Entry {
        ExtractedFeatures features;
        std::vector<std::string> skipped;
    };
    std::optional<Entry> find(const std::string& key, int numClasses) const;
    /// Stores an entry; a failure (disk full, read-only folder) is returned as a message, never thrown:
    /// a cache that cannot be written must not fail the run.
    std::optional<std::string> store(const std::string& key, const ExtractedFeatures& features,
                                     const std::vector<std::string>& skipped) const;
    std::filesystem::path entryFolder(const std::string& key) const;

private:
    std::filesystem::path folder_;
};

}  // namespace tl::internal
