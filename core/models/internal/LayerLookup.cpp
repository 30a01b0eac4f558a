#include "core/models/internal/LayerLookup.h"

#include <algorithm>
#include <cstdlib>
#include <limits>

#include "core/util/Error.h"

namespace tl::internal {
namespace {

std::size_t editDistance(const std::string& a, const std::string& b) {
    std::vector<std::size_t> previous(b.size() + 1);
    std::vector<std::size_t> current(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j) previous[j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
        current[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j) {
            const std::size_t substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
            current[j] = std::min({previous[j] + 1, current[j - 1] + 1, substitution});
        }
        std::swap(previous, current);
    }
    return previous[b.size()];
}

/// How far apart two equally long names' characters are: ranks block5_conv1 before block1_conv1
/// as the fix for block6_conv1, which both are one edit away from.
std::size_t characterGap(const std::string& a, const std::string& b) {
    if (a.size() != b.size()) return std::numeric_limits<std::size_t>::max();
    std::size_t gap = 0;
    for (std::size_t i = 0; i < a.size(); ++i) gap += static_cast<std::size_t>(std::abs(a[i] - b[i]));
    return gap;
}

/// The name or alias closest to `layerName`, or "" when even the closest differs in more than
/// about a third of its characters (a suggestion that far off is noise).
std::string closestName(const std::vector<const Stage*>& stages, const std::string& layerName) {
    std::string best;
    std::size_t bestDistance = std::numeric_limits<std::size_t>::max();
    std::size_t bestGap = std::numeric_limits<std::size_t>::max();
    for (const auto* stage : stages) {
        std::vector<std::string> candidates{stage->name};
        candidates.insert(candidates.end(), stage->aliases.begin(), stage->aliases.end());
        for (const auto& candidate : candidates) {
            const auto distance = editDistance(layerName, candidate);
            const auto gap = characterGap(layerName, candidate);
            if (distance < bestDistance || (distance == bestDistance && gap < bestGap)) {
                best = candidate;
                bestDistance = distance;
                bestGap = gap;
            }
        }
    }
    const std::size_t tolerance = std::max<std::size_t>(2, layerName.size() / 3);
    return bestDistance <= tolerance ? best : std::string{};
}

}  // namespace

std::size_t findStage(const std::vector<const Stage*>& stages, const std::string& layerName) {
    for (std::size_t i = 0; i < stages.size(); ++i) {
        if (stages[i]->answersTo(layerName)) return i;
    }
    std::string message = "unknown layer '" + layerName + "'";
    if (const auto suggestion = closestName(stages, layerName); !suggestion.empty()) {
        message += "; did you mean " + suggestion + "?";
    }
    message += " (layers:";
    for (const auto* stage : stages) message += " " + stage->name;
    message += ")";
    throw Error(message);
}

}  // namespace tl::internal
