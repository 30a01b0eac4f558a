#pragma once
#include <cstdint>
#include <filesystem>
#include <functional>
#include <random>
#include <string>
#include <vector>

#include "core/data/RgbImage.h"

namespace tl {

/// The generated world of the offline lesson (docs/design.md §6). Its source task stands in for
/// ImageNet: 60 classes, each a shape (circle, square, ... 12 of them) painted with a pattern
/// (solid, stripes, dots, checker, outline), at any position, size, angle and colours, over a
/// gradient background with smaller distractor objects. Its target task stands in for dogs vs
/// cats: two classes of faces the source never showed, a round head with pointed ears ("cat") or
/// with hanging ears ("dog"), in the same clutter. Everything is deterministic for a seed.
inline constexpr int kLessonImageSize = 48;  ///< pixels, square

/// "circle-solid", "circle-stripes", ... "half-disc-outline": shape-major, 60 names.
const std::vector<std::string>& lessonSourceClasses();

/// The same names sorted, as a scan of the source set's class folders orders them: the output
/// order of the classifier pretrained on it.
const std::vector<std::string>& lessonSourceClassifierLabels();

/// The target task's classes, as the folders name them: "cat", "dog".
const std::vector<std::string>& lessonTargetClasses();

/// One source image of class `index` (into lessonSourceClasses()), kLessonImageSize square.
RgbImage drawSourceImage(int index, std::mt19937_64& random);

/// One target image of class `label` (0 cat, 1 dog), kLessonImageSize square.
RgbImage drawTargetImage(int label, std::mt19937_64& random);

/// Called after each image written with (written, total); returning false stops the writing
/// (what is written stays).
using WriteProgress = std::function<bool(int written, int total)>;

/// Writes `perClass` PNG images of every source class under root/<class>/ (the class-folders
/// layout). Returns false when `progress` stopped it.
bool writeLessonSourceSet(const std::filesystem::path& root, int perClass, std::uint64_t seed,
                          const WriteProgress& progress = {});

/// Image counts per class of each split of the target set.
struct LessonTargetCounts {
    int train = 100;
    int validation = 100;
    int test = 100;
};

/// Writes the target set under root/{train,validation,test}/{cat,dog}/ (the split-folders
/// layout), each split from its own stream of `seed`.
void writeLessonTargetSet(const std::filesystem::path& root, const LessonTargetCounts& counts, std::uint64_t seed);

}  // namespace tl
