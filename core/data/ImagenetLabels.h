#pragma once
#include <filesystem>
#include <string>
#include <vector>

namespace tl {

/// The 1000 ImageNet-1k class names in the order of the classifiers' outputs (torchvision's
/// _IMAGENET_CATEGORIES; Keras' decode_predictions uses the same order), e.g. [0] "tench",
/// [281] "tabby". Read once from imagenet_labels.txt in resourceFolder(), one name a line.
/// Throws tl::Error if the file is missing or does not hold exactly 1000 names. Thread-safe.
const std::vector<std::string>& imagenetLabels();

/// Reads a labels file: one name a line, trailing spaces and an empty last line ignored.
/// Throws tl::Error naming the file if it cannot be read.
std::vector<std::string> readLabelsFile(const std::filesystem::path& file);

}  // namespace tl
