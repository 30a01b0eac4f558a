#pragma once
#include <QObject>
#include <filesystem>
#include <memory>

#include "core/training/TrainingControl.h"
#include "ui/common/CoreMetaTypes.h"
#include "ui/runner/RunOutcome.h"

namespace tl::ui {

/// Runs one experiment with core on the thread it lives on (TrainingController's worker thread)
/// and reports through signals, which reach the window as queued calls. While run() works this
/// thread runs no slots: pause and stop go through the TrainingControl, never through signals.
class TrainingWorker : public QObject {
    Q_OBJECT
public:
    using QObject::QObject;

    /// Runs `experiment` to its end, or with `resumeFolder` goes on with that run instead (the
    /// experiment and runsRoot are then unused). `processes` > 1 trains data-parallel: this thread
    /// is rank 0 and transferlab-cli (beside this program) runs the others. Never throws: a core
    /// error, LibTorch's included, becomes finished() with status "failed" and the message.
    void run(const tl::Experiment& experiment, const std::filesystem::path& runsRoot,
             std::shared_ptr<tl::TrainingControl> control, const std::filesystem::path& resumeFolder = {},
             int processes = 1);

Q_SIGNALS:
    void batchEnded(const tl::BatchMetrics& batch);
    void epochEnded(const tl::EpochMetrics& epoch);
    void progressed(const tl::PhaseProgress& progress);
    void logged(const QString& line);
    void finished(const tl::ui::RunOutcome& outcome);
};

}  // namespace tl::ui
