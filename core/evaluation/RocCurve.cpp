#include "core/evaluation/RocCurve.h"

#include <algorithm>
#include <limits>

namespace tl {

RocCurve RocCurve::of(const std::vector<ImageOutcome>& outcomes, int positiveClass) {
    std::vector<std::pair<double, bool>> scored;  // (score, is positive)
    for (const auto& outcome : outcomes) {
        scored.emplace_back(outcome.probabilities.at(static_cast<std::size_t>(positiveClass)),
                            outcome.actual == positiveClass);
    }
    std::sort(scored.begin(), scored.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
    const auto positives =
        static_cast<double>(std::count_if(scored.begin(), scored.end(), [](const auto& s) { return s.second; }));
    const auto negatives = static_cast<double>(scored.size()) - positives;
    RocCurve curve;
    curve.points.push_back({0, 0, std::numeric_limits<double>::infinity()});
    if (positives == 0 || negatives == 0) return curve;
    curve.defined = true;
    double truePositives = 0, falsePositives = 0;
    for (std::size_t i = 0; i < scored.size();) {
        const auto threshold = scored[i].first;
        for (; i < scored.size() && scored[i].first == threshold; ++i)
            (scored[i].second ? truePositives : falsePositives) += 1;
        const RocPoint point{falsePositives / negatives, truePositives / positives, threshold};
        const auto& previous = curve.points.back();
        curve.auc += (point.falsePositiveRate - previous.falsePositiveRate) *
                     (point.truePositiveRate + previous.truePositiveRate) / 2;
        curve.points.push_back(point);
    }
    return curve;
}

}  // namespace tl
