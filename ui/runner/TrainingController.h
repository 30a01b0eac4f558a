#pragma once
#include <QObject>
#include <QThread>
#include <filesystem>
#include <memory>

#include "core/training/TrainingControl.h"
#include "ui/common/CoreMetaTypes.h"
#include "ui/runner/RunOutcome.h"

namespace tl::ui {

class TrainingWorker;

/// Runs experiments with core on a worker thread it owns (Qt's worker-object pattern) and relays
/// what core reports as signals on the GUI thread. One run at a time. Lives on the GUI thread; every
/// member must be called from it. Destroying the controller stops a running run and waits for it,
/// so what it measured is written before the program ends.
class TrainingController : public QObject {
    Q_OBJECT
public:
    explicit TrainingController(QObject* parent = nullptr);
    ~TrainingController() override;

    bool isRunning() const { return running_; }
    bool isPaused() const { return running_ && control_ && control_->paused(); }

    /// Starts a run in `runsRoot`; false (and nothing started) when one is already running.
    /// `processes` > 1 trains data-parallel on that many local processes (tl::runOnLocalRanks).
    bool start(const tl::Experiment& experiment, const std::filesystem::path& runsRoot, int processes = 1);
    /// Goes on with the stopped, failed or interrupted run in `runFolder` from its last finished
    /// epoch (tl::resumeRun); false when a run is already running. A run that cannot go on (complete,
    /// made before runs kept their training state) ends at once with finished() saying why.
    bool startResumed(const std::filesystem::path& runFolder);
    /// Take effect between two batches (or images, while extracting features).
    void pause();
    void resume();
    void stop();
    /// Stops a running run and blocks until it has written its run folder and ended.
    void stopAndWait();

Q_SIGNALS:
    void started();
    void pausedChanged(bool paused);
    void batchEnded(const tl::BatchMetrics& batch);
    void epochEnded(const tl::EpochMetrics& epoch);
    void progressed(const tl::PhaseProgress& progress);
    void logged(const QString& line);
    void finished(const tl::ui::RunOutcome& outcome);

private:
    void onWorkerFinished(const tl::ui::RunOutcome& outcome);

    QThread thread_;
    TrainingWorker* worker_ = nullptr;  ///< lives on thread_; deleted when the thread ends
    std::shared_ptr<tl::TrainingControl> control_;
    bool running_ = false;
};

}  // namespace tl::ui
