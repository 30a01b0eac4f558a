#include "ui/train/RunProgressView.h"

#include <QLabel>
#include <QProgressBar>
#include <QVBoxLayout>
#include <algorithm>

#include "ui/common/DurationText.h"
#include "ui/common/InlineMessage.h"

namespace tl::ui {
namespace {

/// Time per batch as a student reads it: milliseconds below a second, seconds above.
QString perBatchText(double seconds) {
    if (seconds < 1.0) return QObject::tr("%1 ms per batch").arg(std::max(1, static_cast<int>(seconds * 1000.0 + 0.5)));
    return QObject::tr("%1 s per batch").arg(seconds, 0, 'f', seconds < 10 ? 1 : 0);
}

}  // namespace

RunProgressView::RunProgressView(QWidget* parent)
    : QWidget(parent),
      phase_(new QProgressBar),
      epoch_(new QProgressBar),
      run_(new QProgressBar),
      status_(new QLabel),
      message_(new InlineMessage) {
    phase_->setObjectName(QStringLiteral("PhaseProgress"));
    epoch_->setObjectName(QStringLiteral("EpochProgress"));
    run_->setObjectName(QStringLiteral("RunProgress"));
    phase_->setToolTip(tr("Work before or between the batches: extracting features, building the augmentation pool."));
    phase_->hide();
    epoch_->setFormat(tr("epoch: no run yet"));
    run_->setFormat(tr("run: no run yet"));
    status_->setObjectName(QStringLiteral("TrainStatus"));
    status_->setWordWrap(true);
    // Long text wraps inside the width the panel has; it never widens the form above it.
    status_->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    message_->setObjectName(QStringLiteral("TrainMessage"));
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    for (QWidget* widget : std::initializer_list<QWidget*>{phase_, epoch_, run_, status_, message_}) {
        layout->addWidget(widget);
    }
}

void RunProgressView::showStatus(const QString& text) {
    status_->setText(text);
}

void RunProgressView::reset() {
    phase_->hide();
    epoch_->setRange(0, 1);
    epoch_->setValue(0);
    epoch_->setFormat(tr("epoch: waiting for the first batch"));
    run_->setRange(0, 1);
    run_->setValue(0);
    run_->setFormat(tr("run: %p%"));
    message_->clearMessage();
}

void RunProgressView::showBatch(const tl::BatchMetrics& batch, bool paused) {
    phase_->hide();
    epoch_->setRange(0, batch.batchesPerEpoch);
    epoch_->setValue(batch.batch);
    epoch_->setFormat(tr("epoch %1: batch %2 of %3").arg(batch.epoch).arg(batch.batch).arg(batch.batchesPerEpoch));
    run_->setRange(0, batch.totalBatches);
    run_->setValue(batch.globalBatch);
    const double perBatch = batch.elapsedSeconds / std::max(1, batch.globalBatch);
    const double remaining = perBatch * (batch.totalBatches - batch.globalBatch);
    run_->setFormat(tr("run: %p% — about %1 left").arg(durationText(remaining)));
    if (!paused) {
        status_->setText(tr("Training: loss %1, accuracy %2%, %3 per batch")
                             .arg(batch.loss, 0, 'f', 4)
                             .arg(batch.accuracy * 100.0, 0, 'f', 1)
                             .arg(perBatchText(perBatch)));
    }
}

void RunProgressView::showProgress(const tl::PhaseProgress& progress) {
    phase_->setRange(0, static_cast<int>(progress.total));
    phase_->setValue(static_cast<int>(progress.done));
    phase_->setFormat(QStringLiteral("%1: %2 of %3")
                          .arg(QString::fromStdString(progress.phase))
                          .arg(progress.done)
                          .arg(progress.total));
    phase_->setVisible(progress.done < progress.total);
    if (progress.done > 0 && progress.done < progress.total) {
        const double remaining = progress.elapsedSeconds / progress.done * (progress.total - progress.done);
        status_->setText(tr("%1 — about %2 left").arg(QString::fromStdString(progress.phase), durationText(remaining)));
    }
}

void RunProgressView::showOutcome(const tl::ui::RunOutcome& outcome) {
    phase_->hide();
    run_->setFormat(tr("run: %p% — %1").arg(QString::fromStdString(tl::toString(outcome.status))));
    if (outcome.status == tl::RunStatus::Failed) {
        status_->setText(outcome.epochsCompleted > 0
                             ? tr("The run failed after %n epoch(s); they are kept in its run folder.", nullptr,
                                  outcome.epochsCompleted)
                             : tr("The run failed."));
        message_->showMessage(InlineMessage::Kind::Error, outcome.error);
    } else {
        status_->setText(tr("Run %1 after %2 epoch(s) in %3; validation accuracy %4%.")
                             .arg(QString::fromStdString(tl::toString(outcome.status)))
                             .arg(outcome.epochsCompleted)
                             .arg(durationText(outcome.seconds))
                             .arg(outcome.validationAccuracy * 100.0, 0, 'f', 1));
    }
}

}  // namespace tl::ui
