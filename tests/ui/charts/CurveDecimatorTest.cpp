// Thinning long curves for drawing: short curves stay whole, long ones keep their ends, every
// slice's lowest and highest point (so a spike survives) and nothing else.
#include <QLineSeries>
#include <QObject>
#include <QTest>
#include <algorithm>
#include <cmath>
#include <vector>

#include "ui/charts/ChartsPanel.h"
#include "ui/charts/CurveDecimator.h"
#include "ui/charts/MetricChart.h"

using tl::ui::ChartsPanel;
using tl::ui::CurveDecimator;

namespace {

/// A noisy, slowly falling loss over `count` batches with one spike at `spikeAt`.
void makeCurve(int count, int spikeAt, std::vector<double>& xs, std::vector<double>& ys) {
    for (int i = 0; i < count; ++i) {
        xs.push_back(i + 1);
        ys.push_back(i == spikeAt ? 50.0 : 1.0 / std::sqrt(i + 1.0) + 0.05 * std::sin(i * 1.7));
    }
}

}  // namespace

class CurveDecimatorTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void shortCurvesAreKeptWhole() {
        std::vector<double> xs, ys;
        makeCurve(200, -1, xs, ys);
        const auto kept = CurveDecimator::keep(xs, ys, 100);
        QCOMPARE(kept.size(), std::size_t{200});
        QCOMPARE(kept.back(), std::size_t{199});
    }

    void longCurvesKeepTheEndsAndEachSlicesExtremes() {
        std::vector<double> xs, ys;
        makeCurve(10000, 4321, xs, ys);
        const int buckets = 500;
        const auto kept = CurveDecimator::keep(xs, ys, buckets);
        QVERIFY2(kept.size() <= 2 * buckets + 2, qPrintable(QString::number(kept.size())));
        QVERIFY(kept.size() > static_cast<std::size_t>(buckets));
        QCOMPARE(kept.front(), std::size_t{0});
        QCOMPARE(kept.back(), std::size_t{9999});
        QVERIFY(std::is_sorted(kept.begin(), kept.end()));
        QVERIFY(std::adjacent_find(kept.begin(), kept.end()) == kept.end());
        QVERIFY(std::find(kept.begin(), kept.end(), std::size_t{4321}) != kept.end());  // the spike
        // Each slice of 20 batches (x 1..10000 over 500 slices) keeps its own lowest point.
        for (int slice = 0; slice < buckets; slice += 37) {
            const auto begin = ys.begin() + slice * 20, end = begin + 20;
            const auto lowest = static_cast<std::size_t>(std::min_element(begin, end) - ys.begin());
            QVERIFY2(std::find(kept.begin(), kept.end(), lowest) != kept.end(), qPrintable(QString::number(slice)));
        }
    }

    void aTenThousandBatchRunDrawsAboutAThousandPoints() {
        ChartsPanel panel;
        panel.resize(900, 600);
        panel.show();
        std::vector<double> xs, ys;
        makeCurve(10000, 7777, xs, ys);
        for (int i = 0; i < 10000; ++i) {
            tl::BatchMetrics batch;
            batch.epoch = i / 100 + 1;
            batch.batch = i % 100 + 1;
            batch.batchesPerEpoch = 100;
            batch.globalBatch = i + 1;
            batch.totalBatches = 10000;
            batch.loss = ys[static_cast<std::size_t>(i)];
            panel.addBatch(batch);
        }
        const auto* raw = panel.batchChart()->rawSeries(ChartsPanel::kTraining);
        QTRY_VERIFY(raw->count() > 0 && raw->at(raw->count() - 1).x() == 10000);
        QVERIFY2(raw->count() <= 2 * std::max(512, panel.batchChart()->width()) + 2,
                 qPrintable(QString::number(raw->count())));
        const auto points = raw->points();
        QVERIFY(std::any_of(points.begin(), points.end(), [](const QPointF& p) { return p.y() == 50.0; }));
        QVERIFY(panel.batchChart()->smoothedSeries(ChartsPanel::kTraining)->count() <= raw->count() + 2);
    }
};

int runCurveDecimatorTests(int argc, char** argv) {
    CurveDecimatorTest test;
    return QTest::qExec(&test, argc, argv);
}

#include "CurveDecimatorTest.moc"
