#pragma once
#include <vector>

#include "core/evaluation/ImageOutcome.h"

namespace tl {

/// One threshold of a ROC curve: images scoring at least `threshold` are called positive.
struct RocPoint {
    double falsePositiveRate = 0;
    double truePositiveRate = 0;
    double threshold = 0;
};

/// The receiver operating characteristic of one class against the rest, scored by the
/// probability the model gives that class. Equal scores form one step, so the area is the
/// probability that a random positive outscores a random negative, ties counting half (the
/// Mann-Whitney statistic; scikit-learn's roc_auc_score).
struct RocCurve {
    /// From (0, 0) at threshold +infinity to (1, 1), one point per distinct score.
    std::vector<RocPoint> points;
    double auc = 0;
    /// False when the split lacks positives or negatives: there is no curve to draw.
    bool defined = false;

    static RocCurve of(const std::vector<ImageOutcome>& outcomes, int positiveClass = 1);
};

}  // namespace tl
