#pragma once
#include <string>
#include <vector>

namespace tl {

/// Which layers train. Applied in order: first `base` (the head is always trainable at that
/// point), then `frozen`, then `trainable`. Layer names are the summary's names or aliases;
/// an unknown one makes Model::applyFreeze throw tl::Error listing close names.
struct FreezePlan {
    enum class Base {
        Trainable,      ///< the whole base trains (from scratch, or full fine-tuning)
        Frozen,         ///< the whole base is frozen (feature extraction)
        TrainableFrom,  ///< base layers before `from` frozen; `from` and every later one train
    };
    Base base = Base::Trainable;
    std::string from;                    ///< with TrainableFrom, e.g. "block5_conv1"
    std::vector<std::string> frozen;     ///< extra layers to freeze (base or head)
    std::vector<std::string> trainable;  ///< extra layers to unfreeze

    static FreezePlan allTrainable() { return {}; }
    static FreezePlan frozenBase() { return {Base::Frozen, {}, {}, {}}; }
    static FreezePlan trainableFrom(std::string layer) { return {Base::TrainableFrom, std::move(layer), {}, {}}; }
};

/// What a plan freezes, for people and the runs table: "nothing", "the whole base", "the base
/// before block5_conv1", with extra frozen layers listed and "(but fc1 train)" for unfrozen ones.
std::string describeFreezePlan(const FreezePlan& plan);

}  // namespace tl
