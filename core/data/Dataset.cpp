#include "core/data/Dataset.h"

#include <string>

#include "core/util/Error.h"

namespace tl {

std::string_view toString(DatasetLayout layout) {
    switch (layout) {
        case DatasetLayout::Auto:
            return "auto";
        case DatasetLayout::ClassFolders:
            return "class-folders";
        case DatasetLayout::SplitFolders:
            return "split-folders";
        case DatasetLayout::KaggleFlat:
            return "kaggle";
    }
    return "unknown";
}

DatasetLayout parseDatasetLayout(std::string_view text) {
    for (auto layout :
         {DatasetLayout::Auto, DatasetLayout::ClassFolders, DatasetLayout::SplitFolders, DatasetLayout::KaggleFlat}) {
        if (text == toString(layout)) return layout;
    }
    throw Error("unknown dataset layout '" + std::string(text) +
                "' (choose auto, class-folders, split-folders or kaggle)");
}

std::string_view toString(SplitName split) {
    switch (split) {
        case SplitName::Train:
            return "train";
        case SplitName::Validation:
            return "validation";
        case SplitName::Test:
            return "test";
    }
    return "unknown";
}

SplitName parseSplitName(std::string_view text) {
    if (text == "train") return SplitName::Train;
    if (text == "validation" || text == "val") return SplitName::Validation;
    if (text == "test") return SplitName::Test;
    throw Error("unknown split '" + std::string(text) + "' (choose train, validation or test)");
}

const std::vector<Sample>& SplitSet::part(SplitName split) const {
    switch (split) {
        case SplitName::Train:
            return train;
        case SplitName::Validation:
            return validation;
        case SplitName::Test:
            return test;
    }
    throw Error("unknown split");
}

std::vector<Sample>& SplitSet::part(SplitName split) {
    return const_cast<std::vector<Sample>&>(static_cast<const SplitSet&>(*this).part(split));
}

std::vector<std::size_t> Dataset::countsPerClass() const {
    std::vector<std::size_t> counts(classes.size(), 0);
    auto add = [&](const std::vector<Sample>& samples) {
        for (const auto& sample : samples) {
            // Labels outside the class list cannot come from a scan; ignore rather than crash.
            if (sample.label >= 0 && static_cast<std::size_t>(sample.label) < counts.size()) ++counts[sample.label];
        }
    };
    add(unsplit);
    if (predefined) {
        for (auto split : kAllSplits) add(predefined->part(split));
    }
    return counts;
}

}  // namespace tl
