#include <gtest/gtest.h>

#include <cmath>

#include "core/evaluation/ClassificationReport.h"
#include "core/evaluation/ImageOutcome.h"
#include "core/evaluation/ProbabilityHistogram.h"
#include "core/evaluation/RocCurve.h"

namespace tl {
namespace {

/// Two-class outcomes from the probability of class 1.
std::vector<ImageOutcome> twoClass(const std::vector<int>& actual, const std::vector<double>& classOne) {
    std::vector<ImageOutcome> outcomes;
    for (std::size_t i = 0; i < actual.size(); ++i) {
        ImageOutcome outcome;
        outcome.file = "image" + std::to_string(i) + ".jpg";
        outcome.actual = actual[i];
        outcome.probabilities = {1 - classOne[i], classOne[i]};
        outcome.predicted = classOne[i] > 0.5 ? 1 : 0;
        outcomes.push_back(outcome);
    }
    return outcomes;
}

TEST(ClassificationReport, PrecisionRecallAndF1FromTheConfusionMatrix) {
    // rows actual, columns predicted: 8 cats (6 found), 4 dogs (3 found, 2 cats called dogs)
    const ConfusionMatrix confusion{{6, 2}, {1, 3}};
    const auto report = ClassificationReport::of(confusion);
    ASSERT_EQ(report.perClass.size(), 2u);
    EXPECT_DOUBLE_EQ(report.perClass[0].precision, 6.0 / 7.0);
    EXPECT_DOUBLE_EQ(report.perClass[0].recall, 6.0 / 8.0);
    EXPECT_DOUBLE_EQ(report.perClass[1].precision, 3.0 / 5.0);
    EXPECT_DOUBLE_EQ(report.perClass[1].recall, 3.0 / 4.0);
    EXPECT_NEAR(report.perClass[1].f1, 2 * 0.6 * 0.75 / 1.35, 1e-12);
    EXPECT_EQ(report.perClass[0].support, 8u);
    EXPECT_EQ(report.macro.support, 12u);
    EXPECT_NEAR(report.macro.recall, (0.75 + 0.75) / 2, 1e-12);
}

TEST(ClassificationReport, AClassNeverPredictedScoresZeroNotNaN) {
    const auto report = ClassificationReport::of({{5, 0, 0}, {2, 0, 0}, {0, 0, 0}});
    EXPECT_EQ(report.perClass[1].precision, 0.0);
    EXPECT_EQ(report.perClass[1].f1, 0.0);
    EXPECT_EQ(report.perClass[2].recall, 0.0);  // no image of class 2 at all
    EXPECT_EQ(report.perClass[2].support, 0u);
    EXPECT_FALSE(std::isnan(report.macro.f1));
}

TEST(RocCurve, MatchesScikitLearnsExample) {
    // sklearn.metrics.roc_curve([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]): fpr 0 0 .5 .5 1, tpr 0 .5 .5 1 1, AUC 0.75
    const auto curve = RocCurve::of(twoClass({0, 0, 1, 1}, {0.1, 0.4, 0.35, 0.8}));
    ASSERT_TRUE(curve.defined);
    const std::vector<double> fpr{0, 0, 0.5, 0.5, 1}, tpr{0, 0.5, 0.5, 1, 1};
    ASSERT_EQ(curve.points.size(), fpr.size());
    for (std::size_t i = 0; i < fpr.size(); ++i) {
        EXPECT_DOUBLE_EQ(curve.points[i].falsePositiveRate, fpr[i]) << i;
        EXPECT_DOUBLE_EQ(curve.points[i].truePositiveRate, tpr[i]) << i;
    }
    EXPECT_DOUBLE_EQ(curve.points[1].threshold, 0.8);
    EXPECT_DOUBLE_EQ(curve.auc, 0.75);
}

TEST(RocCurve, TiedScoresCountHalfAndPerfectSeparationIsOne) {
    EXPECT_DOUBLE_EQ(RocCurve::of(twoClass({0, 1, 0, 1}, {0.5, 0.5, 0.5, 0.5})).auc, 0.5);
    EXPECT_DOUBLE_EQ(RocCurve::of(twoClass({0, 0, 1}, {0.2, 0.3, 0.9})).auc, 1.0);
    EXPECT_DOUBLE_EQ(RocCurve::of(twoClass({0, 0, 1}, {0.95, 0.9, 0.1})).auc, 0.0);
}

TEST(RocCurve, UndefinedWithoutBothClasses) {
    const auto curve = RocCurve::of(twoClass({1, 1}, {0.2, 0.9}));
    EXPECT_FALSE(curve.defined);
    EXPECT_EQ(curve.points.size(), 1u);
}

TEST(ProbabilityHistogram, BinsTheProbabilityOfClassOnePerActualClass) {
    const auto histogram = ProbabilityHistogram::of(twoClass({0, 0, 1, 1, 1}, {0.0, 0.49, 0.51, 0.97, 1.0}), 2, 10);
    ASSERT_EQ(histogram.counts.size(), 2u);
    ASSERT_EQ(histogram.counts[0].size(), 10u);
    EXPECT_EQ(histogram.counts[0][0], 1u);
    EXPECT_EQ(histogram.counts[0][4], 1u);  // 0.49: just below the threshold
    EXPECT_EQ(histogram.counts[1][5], 1u);  // 0.51: just above it
    EXPECT_EQ(histogram.counts[1][9], 2u);  // 0.97 and 1.0 share the last bin
}

TEST(ProbabilityHistogram, WithMoreClassesBinsTheActualClassProbability) {
    ImageOutcome outcome;
    outcome.actual = 2;
    outcome.predicted = 0;
    outcome.probabilities = {0.7, 0.05, 0.25};
    const auto histogram = ProbabilityHistogram::of({outcome}, 3, 4);
    EXPECT_EQ(histogram.counts[2][1], 1u);  // 0.25 falls in [0.25, 0.5)
}

TEST(ImageOutcome, MostConfidentlyWrongFirst) {
    const auto wrong = mostConfidentlyWrong(twoClass({0, 0, 1, 1, 0}, {0.6, 0.1, 0.3, 0.95, 0.99}));
    ASSERT_EQ(wrong.size(), 3u);             // images 0, 2 and 4 are wrong
    EXPECT_EQ(wrong[0].file, "image4.jpg");  // class 0 given 0.99 of class 1
    EXPECT_EQ(wrong[1].file, "image2.jpg");  // class 1 given 0.7 of class 0
    EXPECT_EQ(wrong[2].file, "image0.jpg");
    EXPECT_DOUBLE_EQ(wrong[0].confidence(), 0.99);
}

}  // namespace
}  // namespace tl
