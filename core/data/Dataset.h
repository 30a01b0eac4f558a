#pragma once
#include <array>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tl {

/// How the files of a dataset folder are arranged.
enum class DatasetLayout {
    Auto,          ///< detect one of the three below
    ClassFolders,  ///< root/<class>/<image>
    SplitFolders,  ///< root/{train,validation,test}/<class>/<image> ("val" and "valid" accepted)
    KaggleFlat,    ///< root/<class>.<anything>.<ext>, e.g. cat.123.jpg
};
std::string_view toString(DatasetLayout layout);
/// Accepts "auto", "class-folders", "split-folders", "kaggle"; throws tl::Error otherwise.
DatasetLayout parseDatasetLayout(std::string_view text);

enum class SplitName { Train, Validation, Test };
inline constexpr std::array<SplitName, 3> kAllSplits{SplitName::Train, SplitName::Validation, SplitName::Test};
std::string_view toString(SplitName split);       ///< "train", "validation", "test"
SplitName parseSplitName(std::string_view text);  ///< also accepts "val"; throws tl::Error

/// One labelled image. `label` indexes the class list of the dataset or split set it belongs to.
struct Sample {
    std::filesystem::path path;
    int label = 0;
};

/// A file the scan found but cannot use, with a reason a user understands.
struct SkippedFile {
    std::filesystem::path path;
    std::string reason;
};

/// Train, validation and test samples over one class list.
struct SplitSet {
    std::vector<std::string> classes;
    std::vector<Sample> train;
    std::vector<Sample> validation;
    std::vector<Sample> test;

    const std::vector<Sample>& part(SplitName split) const;
    std::vector<Sample>& part(SplitName split);
};

/// What a scan of a dataset folder found. Classes are sorted by name; labels index them.
struct Dataset {
    std::filesystem::path root;
    DatasetLayout layout = DatasetLayout::ClassFolders;
    std::vector<std::string> classes;
    std::vector<Sample> unsplit;         ///< ClassFolders and KaggleFlat: every usable image
    std::optional<SplitSet> predefined;  ///< SplitFolders: the splits as found on disk
    std::vector<SkippedFile> skipped;    ///< files that cannot be used, each with its reason

    /// Number of usable images per class (all splits together), indexed like `classes`.
    std::vector<std::size_t> countsPerClass() const;
};

}  // namespace tl
