#include "core/runs/RunStatus.h"

#include <array>
#include <utility>

#include "core/util/Error.h"

namespace tl {
namespace {

constexpr std::array<std::pair<RunStatus, const char*>, 4> kWords{{
    {RunStatus::Running, "running"},
    {RunStatus::Completed, "completed"},
    {RunStatus::Stopped, "stopped"},
    {RunStatus::Failed, "failed"},
}};

}  // namespace

std::string toString(RunStatus status) {
    for (const auto& [value, word] : kWords) {
        if (value == status) return word;
    }
    return "running";
}

RunStatus parseRunStatus(const std::string& word) {
    for (const auto& [value, known] : kWords) {
        if (word == known) return value;
    }
    throw Error("unknown run status \"" + word + "\" (expected running, completed, stopped or failed)");
}

}  // namespace tl
