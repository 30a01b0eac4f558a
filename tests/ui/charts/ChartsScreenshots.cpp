// Not a check: with TRANSFERLAB_SCREENSHOT_DIR set, saves what the charts panel and the
// augmentation preview look like with realistic data, to inspect them by eye (e.g. under Xvfb:
// xvfb-run -a env QT_QPA_PLATFORM=xcb TRANSFERLAB_SCREENSHOT_DIR=/tmp ./transferlab_ui_charts_tests).
#include <QDir>
#include <QObject>
#include <QPainter>
#include <QTest>
#include <cmath>
#include <random>

#include "core/data/Augmenter.h"
#include "support/TempDir.h"
#include "ui/charts/AugmentationPreview.h"
#include "ui/charts/ChartsPanel.h"

class ChartsScreenshots : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void init() {
        dir_ = qEnvironmentVariable("TRANSFERLAB_SCREENSHOT_DIR");
        if (dir_.isEmpty()) QSKIP("TRANSFERLAB_SCREENSHOT_DIR is not set");
    }

    void chartsPanel() {
        tl::ui::ChartsPanel panel;
        panel.resize(1300, 850);
        panel.show();
        // 20 epochs of 30 batches: a falling, noisy training loss and a validation loss that
        // turns up (overfitting), the shape of the lecture's from-scratch run.
        std::mt19937 random(7);
        std::normal_distribution<double> noise(0.0, 0.06);
        constexpr int kEpochs = 20, kBatches = 30;
        for (int epoch = 1; epoch <= kEpochs; ++epoch) {
            double sum = 0;
            for (int b = 1; b <= kBatches; ++b) {
                const int global = (epoch - 1) * kBatches + b;
                tl::BatchMetrics batch{epoch, b, kBatches, global, kEpochs * kBatches, 0, 0, 0};
                batch.loss = std::max(0.02, 0.69 * std::exp(-global / 250.0) + 0.05 + noise(random));
                sum += batch.loss;
                panel.addBatch(batch);
            }
            tl::EpochMetrics metrics;
            metrics.epoch = epoch;
            metrics.trainLoss = sum / kBatches;
            metrics.validationLoss =
                0.45 + 0.25 * std::exp(-epoch / 3.0) + 0.006 * epoch * epoch / 4 + noise(random) / 2;
            metrics.trainAccuracy = 0.98 - 0.45 * std::exp(-epoch / 5.0) + noise(random) / 4;
            metrics.validationAccuracy = 0.72 - 0.2 * std::exp(-epoch / 3.0) + noise(random) / 3;
            panel.addEpoch(metrics);
        }
        panel.setSmoothing(0.8);
        QTest::qWait(2 * tl::ui::ChartsPanel::kRedrawIntervalMs);
        QVERIFY(panel.grab().save(QDir(dir_).filePath("charts-panel.png")));
        QVERIFY(panel.savePng(QDir(dir_).filePath("charts-export.png")));
    }

    void augmentationPreview() {
        tl::test::TempDir data;
        const std::vector<std::filesystem::path> files{data / "picture.png"};
        QVERIFY(drawPicture().save(QString::fromStdString(files[0].string())));
        tl::ui::AugmentationPreview preview;
        preview.resize(900, 420);
        preview.show();
        preview.setImages(files);
        tl::AugmentationParams params = tl::AugmentationParams::classic();
        preview.setParameters(params, 42);
        QTRY_VERIFY(preview.isUpToDate());
        QVERIFY(preview.grab().save(QDir(dir_).filePath("augmentation-preview.png")));
        params.zoomRange = 1.5;
        preview.setParameters(params, 42);
        QVERIFY(preview.grab().save(QDir(dir_).filePath("augmentation-invalid.png")));
    }

private:
    // A picture whose orientation shows at a glance: sky, ground, a house, an "R".
    static QImage drawPicture() {
        QImage image(300, 300, QImage::Format_RGB888);
        QPainter painter(&image);
        painter.fillRect(0, 0, 300, 200, QColor(135, 190, 235));
        painter.fillRect(0, 200, 300, 100, QColor(90, 160, 70));
        painter.setBrush(QColor(200, 60, 50));
        painter.drawRect(60, 120, 110, 90);
        painter.setBrush(QColor(120, 60, 40));
        painter.drawPolygon(QPolygon({QPoint(50, 120), QPoint(115, 60), QPoint(180, 120)}));
        painter.setBrush(QColor(250, 220, 60));
        painter.drawEllipse(QPoint(240, 55), 28, 28);
        QFont font = painter.font();
        font.setPixelSize(90);
        font.setBold(true);
        painter.setFont(font);
        painter.setPen(Qt::white);
        painter.drawText(QRect(180, 150, 120, 140), Qt::AlignCenter, "R");
        return image;
    }

private:
    QString dir_;
};

int runChartsScreenshots(int argc, char** argv) {
    ChartsScreenshots screenshots;
    return QTest::qExec(&screenshots, argc, argv);
}

#include "ChartsScreenshots.moc"
