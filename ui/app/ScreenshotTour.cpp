#include "ui/app/ScreenshotTour.h"

#include <QApplication>
#include <QDir>
#include <QTabWidget>
#include <QTimer>

#include "ui/app/MainWindow.h"
#include "ui/model/ModelPanel.h"
#include "ui/runner/TrainingController.h"

namespace tl::ui {
namespace {

constexpr int kSettleMs = 1500;  // lets lazy thumbnails, the model build and the preview finish

}  // namespace

ScreenshotTour::ScreenshotTour(MainWindow* window, QString folder)
    : QObject(window), window_(window), folder_(std::move(folder)) {}

void ScreenshotTour::start() {
    QDir().mkpath(folder_);
    window_->resize(1400, 880);
    QTimer::singleShot(kSettleMs, this, &ScreenshotTour::captureBeforeRun);
}

void ScreenshotTour::captureBeforeRun() {
    window_->tabs()->setCurrentIndex(0);
    QTimer::singleShot(kSettleMs, this, [this] {
        capture(QStringLiteral("data.png"));
        window_->tabs()->setCurrentIndex(1);
        QTimer::singleShot(kSettleMs, this, [this] {
            capture(QStringLiteral("model.png"));
            connect(window_->controller(), &TrainingController::finished, this,
                    [this](const tl::ui::RunOutcome& outcome) {
                        failed_ = failed_ || outcome.status == tl::RunStatus::Failed;
                        QTimer::singleShot(kSettleMs, this, [this] {
                            capture(QStringLiteral("train.png"));
                            auto* results = window_->findChild<QTabWidget*>(QStringLiteral("ResultsTabs"));
                            if (results) results->setCurrentIndex(1);
                            QTimer::singleShot(kSettleMs, this, [this] {
                                capture(QStringLiteral("augmentation.png"));
                                finish(failed_ ? 1 : 0);
                            });
                        });
                    });
            window_->startRun();
        });
    });
}

void ScreenshotTour::capture(const QString& name) {
    const auto file = QDir(folder_).filePath(name);
    if (!window_->grab().save(file)) failed_ = true;
}

void ScreenshotTour::finish(int exitCode) {
    QApplication::exit(exitCode);
}

}  // namespace tl::ui
