#include "core/runs/CheckpointChoice.h"

#include "core/util/Error.h"

namespace tl {

std::string toString(CheckpointChoice choice) {
    return choice == CheckpointChoice::Best ? "best" : "last";
}

CheckpointChoice parseCheckpointChoice(const std::string& word) {
    if (word == "best") return CheckpointChoice::Best;
    if (word == "last") return CheckpointChoice::Last;
    throw Error("unknown checkpoint \"" + word + "\" (expected best or last)");
}

}  // namespace tl
