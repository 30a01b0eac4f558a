#pragma once
#include <string_view>

namespace tl {

/// The training regimes of the classic recipe (docs/design.md §2).
enum class Regime {
    Scratch,               ///< "scratch": every layer trains from the weights given (random by default)
    FeatureExtraction,     ///< "fe": the frozen base runs once per image, the head trains on cached features
    FeatureExtractionAug,  ///< "fe-aug": frozen base + head as one model, augmented images
    FineTune,              ///< "fine-tune": starts from an earlier run's trained model, some base layers unfrozen
};
std::string_view toString(Regime regime);

/// How each regime treats augmentation: "fe" never augments (its features are computed once from
/// the original images), "fe-aug" always does, "scratch" and "fine-tune" do when asked.
enum class AugmentationRule { Never, Always, Optional };
AugmentationRule augmentationRule(Regime regime);
/// Whether training images are augmented in `regime`, given the experiment's augment flag.
bool augments(Regime regime, bool augmentRequested);
/// True for "fe" and "fe-aug": the whole convolutional base is frozen, whatever the freeze plan says.
bool freezesBase(Regime regime);
/// True for "fe-aug" and "fine-tune": a frozen part precedes what trains, so an augmentation pool applies.
bool canUseAugmentationPool(Regime regime);
/// Accepts "scratch", "fe", "fe-aug", "fine-tune"; throws tl::Error listing them otherwise.
Regime parseRegime(std::string_view text);

}  // namespace tl
