#pragma once
#include <string>
#include <vector>

namespace tl {

/// Levenshtein distance (insertions, deletions, substitutions) between two strings.
std::size_t editDistance(const std::string& a, const std::string& b);

/// The candidate closest to `word`, if it is within `maxDistance` edits; else an empty string.
/// Used for "did you mean ...?" hints on mistyped names.
std::string closestMatch(const std::string& word, const std::vector<std::string>& candidates,
                         std::size_t maxDistance = 3);

}  // namespace tl
