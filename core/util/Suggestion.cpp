#include "core/util/Suggestion.h"

#include <algorithm>

namespace tl {

std::size_t editDistance(const std::string& a, const std::string& b) {
    std::vector<std::size_t> row(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
        std::size_t diagonal = row[0];
        row[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j) {
            const std::size_t above = row[j];
            row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
            diagonal = above;
        }
    }
    return row[b.size()];
}

std::string closestMatch(const std::string& word, const std::vector<std::string>& candidates, std::size_t maxDistance) {
    std::string closest;
    std::size_t best = maxDistance + 1;
    for (const auto& candidate : candidates) {
        if (const auto distance = editDistance(word, candidate); distance < best) best = distance, closest = candidate;
    }
    return closest;
}

}  // namespace tl
