#pragma once
#include <cstddef>
#include <vector>

namespace tl {

/// confusion[actual][predicted]: counts of images.
using ConfusionMatrix = std::vector<std::vector<std::size_t>>;

/// How well one class is recognised. A ratio with nothing to divide by (no image predicted as the
/// class, or none of it in the split) is 0, as scikit-learn reports it.
struct ClassScores {
    double precision = 0;     ///< of the images predicted as this class, the fraction that are
    double recall = 0;        ///< of the images of this class, the fraction found
    double f1 = 0;            ///< harmonic mean of precision and recall
    std::size_t support = 0;  ///< images of this class in the split
};

/// Per-class scores and their unweighted (macro) means, from a confusion matrix.
struct ClassificationReport {
    std::vector<ClassScores> perClass;  ///< in the confusion matrix's class order
    ClassScores macro;                  ///< support: every image

    static ClassificationReport of(const ConfusionMatrix& confusion);
};

}  // namespace tl
