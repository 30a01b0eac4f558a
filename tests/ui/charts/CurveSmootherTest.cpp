// Both smoothing conventions against values computed by hand (docs/design.md §2).
#include <QObject>
#include <QTest>
#include <cmath>
#include <limits>
#include <vector>

#include "ui/charts/CurveSmoother.h"

using tl::ui::CurveSmoother;
using tl::ui::SmoothingFormula;

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

void compareSeries(const std::vector<double>& actual, const std::vector<double>& expected) {
    QCOMPARE(actual.size(), expected.size());
    for (std::size_t i = 0; i < expected.size(); ++i) {
        if (std::isnan(expected[i])) {
            QVERIFY2(std::isnan(actual[i]), qPrintable(QString("index %1").arg(i)));
        } else {
            QVERIFY2(std::abs(actual[i] - expected[i]) < 1e-12,
                     qPrintable(QString("index %1: %2 != %3").arg(i).arg(actual[i]).arg(expected[i])));
        }
    }
}

}  // namespace

class CurveSmootherTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void lectureMatchesSmoothCurve() {
        // s0 = p0; s_i = s_{i-1} * 0.5 + p_i * 0.5
        compareSeries(CurveSmoother::smooth({1, 2, 3, 4}, 0.5, SmoothingFormula::Lecture), {1, 1.5, 2.25, 3.125});
        // DLwP's default factor 0.8: 10, 10*0.8 + 0*0.2 = 8, 8*0.8 + 5*0.2 = 7.4
        compareSeries(CurveSmoother::smooth({10, 0, 5}, 0.8, SmoothingFormula::Lecture), {10, 8, 7.4});
    }

    void tensorBoardIsDebiased() {
        // last: 0.5, 1.25, 2.125, 3.0625; divided by 1 - 0.5^n: 0.5, 0.75, 0.875, 0.9375
        compareSeries(CurveSmoother::smooth({1, 2, 3, 4}, 0.5, SmoothingFormula::TensorBoard),
                      {1, 1.25 / 0.75, 2.125 / 0.875, 3.0625 / 0.9375});
    }

    void tensorBoardPassesNonFiniteThroughUncounted() {
        const double inf = std::numeric_limits<double>::infinity();
        // The NaN and the inf are not counted: 3 is the 2nd point, last = 0.25 + 1.5, over 1 - 0.5^2.
        const auto smoothed = CurveSmoother::smooth({1, kNaN, inf, 3}, 0.5, SmoothingFormula::TensorBoard);
        compareSeries({smoothed[0], smoothed[1], smoothed[3]}, {1, kNaN, 1.75 / 0.75});
        QCOMPARE(smoothed[2], inf);
    }

    void tensorBoardLeavesConstantSeries() {
        const std::vector<double> constant(5, 0.7);
        QCOMPARE(CurveSmoother::smooth(constant, 0.9, SmoothingFormula::TensorBoard), constant);
    }

    void lectureSkipsNonFinite() {
        compareSeries(CurveSmoother::smooth({kNaN, 1, kNaN, 3}, 0.5, SmoothingFormula::Lecture), {kNaN, 1, kNaN, 2});
    }

    void weightZeroIsRaw() {
        const std::vector<double> points{0.9, 0.4, kNaN, 0.6, 0.2};
        for (const auto formula : {SmoothingFormula::Lecture, SmoothingFormula::TensorBoard}) {
            compareSeries(CurveSmoother::smooth(points, 0.0, formula), points);
            compareSeries(CurveSmoother::smooth(points, -1.0, formula), points);
        }
    }

    void weightIsClamped() {
        QCOMPARE(CurveSmoother::clampWeight(1.5), 0.99);
        QCOMPARE(CurveSmoother::clampWeight(-0.2), 0.0);
        QCOMPARE(CurveSmoother::clampWeight(kNaN), 0.0);
        const std::vector<double> points{1, 5, 2, 8};
        QCOMPARE(CurveSmoother::smooth(points, 3.0, SmoothingFormula::TensorBoard),
                 CurveSmoother::smooth(points, 0.99, SmoothingFormula::TensorBoard));
    }

    void emptySeries() {
        QVERIFY(CurveSmoother::smooth({}, 0.6, SmoothingFormula::TensorBoard).empty());
        QVERIFY(CurveSmoother::smooth({}, 0.6, SmoothingFormula::Lecture).empty());
    }
};

int runCurveSmootherTests(int argc, char** argv) {
    CurveSmootherTest test;
    return QTest::qExec(&test, argc, argv);
}

#include "CurveSmootherTest.moc"
