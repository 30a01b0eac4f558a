#include "core/evaluation/ProbabilityHistogram.h"

#include <algorithm>

namespace tl {

ProbabilityHistogram ProbabilityHistogram::of(const std::vector<ImageOutcome>& outcomes, std::size_t classCount,
                                              int bins) {
    ProbabilityHistogram histogram;
    histogram.bins = std::max(1, bins);
    histogram.counts.assign(classCount, std::vector<std::size_t>(static_cast<std::size_t>(histogram.bins), 0));
    for (const auto& outcome : outcomes) histogram.add(outcome.actual, outcome.probabilities);
    return histogram;
}

int ProbabilityHistogram::binOf(double score) const {
    return std::clamp(static_cast<int>(score * bins), 0, bins - 1);
}

void ProbabilityHistogram::add(int actual, const std::vector<double>& probabilities) {
    const auto classIndex = static_cast<std::size_t>(actual);
    if (classIndex >= counts.size()) return;
    const auto score = probabilities.size() == 2 ? probabilities[1] : probabilities.at(classIndex);
    ++counts[classIndex][static_cast<std::size_t>(binOf(score))];
}

}  // namespace tl
