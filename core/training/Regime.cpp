#include "core/training/Regime.h"

#include <string>

#include "core/util/Error.h"

namespace tl {

std::string_view toString(Regime regime) {
    switch (regime) {
        case Regime::Scratch:
            return "scratch";
        case Regime::FeatureExtraction:
            return "fe";
        case Regime::FeatureExtractionAug:
            return "fe-aug";
        case Regime::FineTune:
            return "fine-tune";
    }
    return "scratch";
}

AugmentationRule augmentationRule(Regime regime) {
    switch (regime) {
        case Regime::FeatureExtraction:
            return AugmentationRule::Never;
        case Regime::FeatureExtractionAug:
            return AugmentationRule::Always;
        case Regime::Scratch:
        case Regime::FineTune:
            return AugmentationRule::Optional;
    }
    return AugmentationRule::Optional;
}

bool augments(Regime regime, bool augmentRequested) {
    const auto rule = augmentationRule(regime);
    return rule == AugmentationRule::Always || (rule == AugmentationRule::Optional && augmentRequested);
}

bool freezesBase(Regime regime) {
    return regime == Regime::FeatureExtraction || regime == Regime::FeatureExtractionAug;
}

bool canUseAugmentationPool(Regime regime) {
    return regime == Regime::FeatureExtractionAug || regime == Regime::FineTune;
}

Regime parseRegime(std::string_view text) {
    for (auto regime : {Regime::Scratch, Regime::FeatureExtraction, Regime::FeatureExtractionAug, Regime::FineTune}) {
        if (text == toString(regime)) return regime;
    }
    throw Error("unknown regime '" + std::string(text) + "' (choose scratch, fe, fe-aug or fine-tune)");
}

}  // namespace tl
