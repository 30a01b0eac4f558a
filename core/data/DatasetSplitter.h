#pragma once
#include <cstdint>
#include <filesystem>

#include "core/data/Dataset.h"

namespace tl {

/// Images per class in each split. 0 means "all that are available" for that split when the
/// dataset has predefined splits, and "none" otherwise.
struct SplitCounts {
    int train = 1000;
    int validation = 500;
    int test = 500;

    /// The count for one split.
    int of(SplitName split) const {
        switch (split) {
            case SplitName::Train:
                return train;
            case SplitName::Validation:
                return validation;
            case SplitName::Test:
                return test;
        }
        return 0;
    }

    friend bool operator==(const SplitCounts&, const SplitCounts&) = default;
};

/// Counts that suit what `dataset` holds: the lecture's 1000/500/500 per class wherever every
/// class has that many (in its split folder, for SplitFolders); otherwise, for split folders,
/// 0 = every image of each folder, and for unsplit images a half / quarter / quarter share of the
/// smallest class. What the window proposes when a dataset folder is opened.
SplitCounts proposeSplitCounts(const Dataset& dataset);

/// Makes the classic small subset: `counts` images per class per split, stratified,
/// deterministic for a given seed (same seed and files -> same split on every machine).
/// With predefined splits (SplitFolders) each split is sampled from its own folder.
/// Throws tl::Error naming the class when a class has too few images.
SplitSet makeSplit(const Dataset& dataset, const SplitCounts& counts, std::uint64_t seed);

/// Writes a split file (JSON: classes, and per split a list of {path, label} with paths relative
/// to `dataset_root` where possible), atomically.
void saveSplitFile(const SplitSet& split, const std::filesystem::path& datasetRoot, const std::filesystem::path& file);
/// Reads a split file; relative paths resolve against the file's recorded root. Throws tl::Error
/// naming the JSON field at fault.
SplitSet loadSplitFile(const std::filesystem::path& file);

enum class MaterializeMode { Symlink, Copy };
/// Writes the split as destination/{train,validation,test}/<class>/<file> (the SplitFolders
/// layout), as symbolic links or copies; files inside a zip archive are always extracted (copies).
/// Throws tl::Error when one of those split folders already
/// holds files (an earlier split's images would mix with the new ones).
void materializeSplit(const SplitSet& split, const std::filesystem::path& destination, MaterializeMode mode);

}  // namespace tl
