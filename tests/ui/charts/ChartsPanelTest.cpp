// The live charts: points arrive through the throttle, smoothing redraws from stored raw points,
// PNG export is whole or nothing.
#include <QChart>
#include <QCheckBox>
#include <QFile>
#include <QImage>
#include <QLegend>
#include <QLegendMarker>
#include <QLineSeries>
#include <QObject>
#include <QSignalSpy>
#include <QSvgRenderer>
#include <QTemporaryDir>
#include <QTest>
#include <QValueAxis>
#include <cmath>
#include <limits>

#include "ui/charts/ChartsPanel.h"
#include "ui/charts/MetricChart.h"

using tl::ui::ChartsPanel;
using tl::ui::SmoothingFormula;

namespace {

constexpr int kBatchesPerEpoch = 50;

tl::BatchMetrics batchAt(int globalBatch, double loss) {
    tl::BatchMetrics batch;
    batch.globalBatch = globalBatch;
    batch.epoch = (globalBatch - 1) / kBatchesPerEpoch + 1;
    batch.batch = (globalBatch - 1) % kBatchesPerEpoch + 1;
    batch.batchesPerEpoch = kBatchesPerEpoch;
    batch.totalBatches = 1000;
    batch.loss = loss;
    batch.accuracy = 0.5;
    return batch;
}

// A falling, noisy loss: what a real run looks like.
double noisyLoss(int i) {
    return 0.7 * std::exp(-i / 300.0) + 0.1 * std::sin(i * 1.7) + 0.15;
}

tl::EpochMetrics epochAt(int epoch) {
    tl::EpochMetrics metrics;
    metrics.epoch = epoch;
    metrics.trainLoss = 0.7 / epoch;
    metrics.validationLoss = 0.6 / epoch + 0.05 * epoch;
    metrics.trainAccuracy = 1.0 - 0.4 / epoch;
    metrics.validationAccuracy = 0.9 - 0.3 / epoch;
    return metrics;
}

}  // namespace

class ChartsPanelTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void epochsReachTheCharts() {
        ChartsPanel panel;
        panel.show();
        for (int epoch = 1; epoch <= 3; ++epoch) panel.addEpoch(epochAt(epoch));
        for (auto* chart : {panel.lossChart(), panel.accuracyChart()}) {
            QTRY_COMPARE(chart->rawSeries(ChartsPanel::kTraining)->count(), 3);
            QCOMPARE(chart->rawSeries(ChartsPanel::kValidation)->count(), 3);
            QCOMPARE(chart->smoothedSeries(ChartsPanel::kTraining)->count(), 3);
            QCOMPARE(chart->smoothedSeries(ChartsPanel::kValidation)->count(), 3);
        }
        QCOMPARE(panel.lossChart()->rawSeries(ChartsPanel::kValidation)->at(2), QPointF(3, 0.6 / 3 + 0.15));
        QCOMPARE(panel.accuracyChart()->rawSeries(ChartsPanel::kTraining)->at(0), QPointF(1, 0.6));
    }

    void oneEpochShowsAsMarkersAndTheLegendNamesEachCurveOnce() {
        ChartsPanel panel;
        panel.show();
        panel.addEpoch(epochAt(1));
        auto* chart = panel.accuracyChart();
        QTRY_COMPARE(chart->smoothedSeries(ChartsPanel::kTraining)->count(), 1);
        // One point draws no line: it must be a marker.
        QVERIFY(chart->smoothedSeries(ChartsPanel::kTraining)->pointsVisible());
        QVERIFY(chart->rawSeries(ChartsPanel::kValidation)->pointsVisible());
        QStringList shown;
        for (const auto* marker : chart->chart()->legend()->markers()) {
            if (marker->isVisible()) shown << marker->label();
        }
        QCOMPARE(shown, (QStringList{QStringLiteral("training"), QStringLiteral("validation")}));
        // A long curve is a line, not a string of dots.
        for (int epoch = 2; epoch <= tl::ui::MetricChart::kMarkerLimit + 5; ++epoch) panel.addEpoch(epochAt(epoch));
        QTRY_VERIFY(!chart->smoothedSeries(ChartsPanel::kTraining)->pointsVisible());
    }

    void theAccuracyAxisFitsTheDataUnlessTheWholeRangeIsAsked() {
        ChartsPanel panel;
        panel.show();
        for (int epoch = 1; epoch <= 5; ++epoch) {
            tl::EpochMetrics metrics = epochAt(epoch);
            metrics.trainAccuracy = 0.95 + 0.005 * epoch;
            metrics.validationAccuracy = 0.94 + 0.004 * epoch;
            panel.addEpoch(metrics);
        }
        auto* chart = panel.accuracyChart();
        QTRY_COMPARE(chart->rawSeries(ChartsPanel::kTraining)->count(), 5);
        QVERIFY2(chart->yMinimum() >= 0.8 && chart->yMinimum() <= 0.94, qPrintable(QString::number(chart->yMinimum())));
        QVERIFY(chart->yMaximum() <= 1.0 && chart->yMaximum() >= 0.975);
        auto* full = panel.findChild<QCheckBox*>(QStringLiteral("AccuracyFullRange"));
        QVERIFY(full);
        full->setChecked(true);
        QTRY_COMPARE(chart->yMinimum(), 0.0);
        QCOMPARE(chart->yMaximum(), 1.0);
    }

    void thousandBatchesAreThrottled() {
        ChartsPanel panel;
        panel.show();
        const int before = panel.redrawCount();
        for (int i = 1; i <= 1000; ++i) panel.addBatch(batchAt(i, noisyLoss(i)));
        const auto* raw = panel.batchChart()->rawSeries(ChartsPanel::kTraining);
        QTRY_COMPARE(raw->count(), 1000);
        QVERIFY2(panel.redrawCount() - before < 10, qPrintable(QString::number(panel.redrawCount() - before)));
        QCOMPARE(raw->at(999), QPointF(1000, noisyLoss(1000)));
        QCOMPARE(panel.batchChart()->smoothedSeries(ChartsPanel::kTraining)->count(), 1000);
    }

    void smoothingRedrawsOnlyTheSmoothedSeries() {
        ChartsPanel panel;
        panel.show();
        QSignalSpy changed(&panel, &ChartsPanel::smoothingChanged);
        panel.setSmoothing(0.0);
        QCOMPARE(changed.count(), 1);
        std::vector<tl::BatchMetrics> batches;
        for (int i = 1; i <= 200; ++i) batches.push_back(batchAt(i, noisyLoss(i)));
        panel.showRun({epochAt(1), epochAt(2), epochAt(3), epochAt(4)}, batches);  // drawn at once
        const auto* raw = panel.batchChart()->rawSeries(ChartsPanel::kTraining);
        const auto* smoothed = panel.batchChart()->smoothedSeries(ChartsPanel::kTraining);
        const QList<QPointF> rawBefore = raw->points();
        QCOMPARE(rawBefore.size(), 200);
        QCOMPARE(smoothed->points(), rawBefore);  // weight 0: smoothed = raw

        panel.setSmoothing(0.9);
        QCOMPARE(panel.smoothing(), 0.9);
        QCOMPARE(changed.count(), 2);
        QTRY_VERIFY(smoothed->points() != rawBefore);
        QCOMPARE(raw->points(), rawBefore);
        QCOMPARE(smoothed->count(), 200);
        QCOMPARE(smoothed->at(0), rawBefore.at(0));  // Lecture: s0 = p0
        const double expected1 = rawBefore.at(0).y() * 0.9 + rawBefore.at(1).y() * 0.1;
        QVERIFY(std::abs(smoothed->at(1).y() - expected1) < 1e-9);

        const QList<QPointF> lecture = smoothed->points();
        panel.setFormula(SmoothingFormula::TensorBoard);
        QCOMPARE(changed.count(), 3);
        QTRY_VERIFY(smoothed->points() != lecture);
        QCOMPARE(raw->points(), rawBefore);

        panel.setSmoothing(7.0);  // clamped
        QCOMPARE(panel.smoothing(), 0.99);
    }

    void finishedRunStaysAndClearEmpties() {
        ChartsPanel panel;
        panel.show();
        panel.showRun({epochAt(1), epochAt(2)}, {batchAt(1, 0.7), batchAt(2, 0.6)});
        QCOMPARE(panel.lossChart()->rawSeries(ChartsPanel::kTraining)->count(), 2);
        QTest::qWait(3 * ChartsPanel::kRedrawIntervalMs);  // nothing pending may undo it
        QCOMPARE(panel.batchChart()->rawSeries(ChartsPanel::kTraining)->count(), 2);
        panel.clear();
        QTRY_COMPARE(panel.batchChart()->rawSeries(ChartsPanel::kTraining)->count(), 0);
        QCOMPARE(panel.lossChart()->rawSeries(ChartsPanel::kValidation)->count(), 0);
    }

    void nonFiniteLossIsNotPlotted() {
        ChartsPanel panel;
        panel.show();
        panel.addBatch(batchAt(1, 0.7));
        panel.addBatch(batchAt(2, std::numeric_limits<double>::quiet_NaN()));
        panel.addBatch(batchAt(3, std::numeric_limits<double>::infinity()));
        panel.addBatch(batchAt(4, 0.5));
        QTRY_COMPARE(panel.batchChart()->rawSeries(ChartsPanel::kTraining)->count(), 2);
        QCOMPARE(panel.batchChart()->smoothedSeries(ChartsPanel::kTraining)->count(), 2);
        auto* axis = qobject_cast<QValueAxis*>(panel.batchChart()->chart()->axes(Qt::Vertical).constFirst());
        QVERIFY(axis);
        QVERIFY(std::isfinite(axis->min()) && std::isfinite(axis->max()));
        QVERIFY(axis->min() <= 0.5 && axis->max() >= 0.7);
    }

    void savePngWritesOneImage() {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        ChartsPanel panel;
        panel.resize(1200, 800);
        panel.show();
        std::vector<tl::BatchMetrics> batches;
        for (int i = 1; i <= 300; ++i) batches.push_back(batchAt(i, noisyLoss(i)));
        panel.showRun({epochAt(1), epochAt(2), epochAt(3), epochAt(4), epochAt(5), epochAt(6)}, batches);
        const QString file = dir.filePath("charts.png");
        QVERIFY(panel.savePng(file));
        QImage image;
        QVERIFY(image.load(file, "PNG"));
        QVERIFY2(image.width() >= 600 && image.height() >= 400,
                 qPrintable(QString("%1x%2").arg(image.width()).arg(image.height())));
        QVERIFY(QFile(file).size() > 10'000);

        const QString impossible = dir.filePath("missing-folder/charts.png");
        QVERIFY(!panel.savePng(impossible));
        QVERIFY(!QFile::exists(impossible));
    }

    void saveSvgWritesOneDrawingWithTheChartsText() {
        QTemporaryDir dir;
        ChartsPanel panel;
        panel.resize(1200, 800);
        panel.show();
        panel.showRun({epochAt(1), epochAt(2), epochAt(3)}, {batchAt(1, 0.7), batchAt(2, 0.6)});
        const QString file = dir.filePath("charts.svg");
        QVERIFY(panel.saveSvg(file));
        QFile svg(file);
        QVERIFY(svg.open(QIODevice::ReadOnly));
        const auto text = QString::fromUtf8(svg.readAll());
        QVERIFY(text.contains(QStringLiteral("<svg")));
        QVERIFY2(text.contains(QStringLiteral("Loss per epoch")), "the titles stay text, not pixels");
        QSvgRenderer renderer(file);
        QVERIFY(renderer.isValid());
        QVERIFY(renderer.defaultSize().width() >= 600);
        QVERIFY(!panel.saveSvg(dir.filePath("missing-folder/charts.svg")));
    }

    void savePngOfAPanelNeverShown() {
        QTemporaryDir dir;
        ChartsPanel panel;
        panel.addEpoch(epochAt(1));  // still waiting for the timer: savePng draws it first
        const QString file = dir.filePath("hidden.png");
        QVERIFY(panel.savePng(file));
        QCOMPARE(panel.lossChart()->rawSeries(ChartsPanel::kTraining)->count(), 1);
        QImage image;
        QVERIFY(image.load(file, "PNG"));
        QVERIFY(image.width() >= 600 && image.height() >= 400);
    }
};

int runChartsPanelTests(int argc, char** argv) {
    ChartsPanelTest test;
    return QTest::qExec(&test, argc, argv);
}

#include "ChartsPanelTest.moc"
