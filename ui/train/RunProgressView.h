#pragma once
#include <QWidget>

#include "core/training/TrainingMetrics.h"
#include "ui/runner/RunOutcome.h"

class QLabel;
class QProgressBar;

namespace tl::ui {

class InlineMessage;

/// How the run goes: a bar for a phase that is not a batch (features, pool), one for the epoch
/// and one for the run with an ETA (paused time left out by core), a status line, and why the
/// last run failed. Nothing of one run shows during the next. GUI thread only.
class RunProgressView : public QWidget {
    Q_OBJECT
public:
    explicit RunProgressView(QWidget* parent = nullptr);

    /// A run starts: every bar back to 0, the last failure cleared.
    void reset();
    void showStatus(const QString& text);
    /// `paused`: the bars follow, the status line keeps saying the run is paused.
    void showBatch(const tl::BatchMetrics& batch, bool paused);
    void showProgress(const tl::PhaseProgress& progress);
    void showOutcome(const tl::ui::RunOutcome& outcome);

private:
    QProgressBar* phase_;
    QProgressBar* epoch_;
    QProgressBar* run_;
    QLabel* status_;
    InlineMessage* message_;
};

}  // namespace tl::ui
