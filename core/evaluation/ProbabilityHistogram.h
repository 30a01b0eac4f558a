#pragma once
#include <cstddef>
#include <vector>

#include "core/evaluation/ImageOutcome.h"

namespace tl {

/// How the predicted probabilities spread, per actual class: with two classes, the probability of
/// class 1 (the decision threshold is 0.5); with more, the probability given to the actual class.
/// It shows why accuracy can rise while the loss does not: the loss keeps counting how far each
/// image is from its label, accuracy only which side of the threshold it falls.
struct ProbabilityHistogram {
    static constexpr int kDefaultBins = 20;
    int bins = kDefaultBins;  ///< equal bins over [0, 1]; 1.0 falls in the last one
    /// counts[actual class][bin]
    std::vector<std::vector<std::size_t>> counts;

    static ProbabilityHistogram of(const std::vector<ImageOutcome>& outcomes, std::size_t classCount,
                                   int bins = kDefaultBins);
    /// Counts one image; `probabilities` holds one value per class.
    void add(int actual, const std::vector<double>& probabilities);
    /// The bin a score falls in.
    int binOf(double score) const;
};

}  // namespace tl
