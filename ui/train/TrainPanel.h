#pragma once
#include <QWidget>
#include <filesystem>
#include <string>
#include <vector>

#include "core/training/Experiment.h"
#include "ui/common/CoreMetaTypes.h"
#include "ui/runner/RunOutcome.h"

class QAction;
class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QGroupBox;
class QLabel;
class QLineEdit;
class QSpinBox;

namespace tl::ui {

class RunProgressView;
class SeedEdit;
class SourceRunBox;

/// The train panel: regime (and the earlier run fine-tuning starts from), optimiser, learning
/// rate, epochs, batch size, augmentation; Start, Pause/Resume and Stop; progress of the epoch
/// and of the whole run with an ETA. It only edits settings and shows progress: the window owns
/// the run. GUI thread only.
class TrainPanel : public QWidget {
    Q_OBJECT
public:
    explicit TrainPanel(QWidget* parent = nullptr);

    void setExperiment(const tl::Experiment& experiment);
    /// Writes the panel's settings into `experiment.training` (and the run's name).
    void applyTo(tl::Experiment& experiment) const;

    /// Sets the run name unless the user typed one since the last setExperiment().
    void proposeRunName(const QString& name);

    /// Where runs are kept: the fine-tune source list shows the finished runs found there.
    void setRunsRoot(const std::filesystem::path& runsRoot);
    void refreshRuns();
    /// The backbone and classes of the model now set up: the source list preselects the newest
    /// finished run that has both (the run a fine-tune can start from).
    void setModelIdentity(const std::string& backbone, const std::vector<std::string>& classes);

    tl::Regime regime() const;
    tl::AugmentationParams augmentation() const;
    std::uint64_t seed() const;
    /// Processes a run trains on (data-parallel when more than 1); not part of the experiment.
    int processes() const;

    /// Start, Pause/Resume (checked while paused) and Stop: the panel's buttons show them and the
    /// window puts them in its Run menu and toolbar, so their shortcuts work from every tab.
    QAction* startAction() const { return start_; }
    QAction* pauseAction() const { return pause_; }
    QAction* stopAction() const { return stop_; }

    /// Switches the actions between idle, running and paused.
    void setRunState(bool running, bool paused);

public Q_SLOTS:
    void showBatch(const tl::BatchMetrics& batch);
    void showProgress(const tl::PhaseProgress& progress);
    void showOutcome(const tl::ui::RunOutcome& outcome);

Q_SIGNALS:
    void startRequested();
    void pauseRequested();
    void resumeRequested();
    void stopRequested();
    /// The regime changed: the model panel freezes or unfreezes the base to match.
    void regimeChanged(tl::Regime regime);
    /// An augmentation parameter or the seed changed (for the live preview).
    void augmentationChanged();
    void changed();

private:
    QGroupBox* buildRegimeGroup();
    QGroupBox* buildOptimizerGroup();
    QGroupBox* buildAugmentationGroup();
    void updateEnabledState();

    QLineEdit* name_;
    QComboBox* regime_;
    SourceRunBox* sourceRun_;
    QComboBox* optimizer_;
    QLineEdit* learningRate_;
    QSpinBox* epochs_;
    QSpinBox* earlyStop_;
    QSpinBox* batchSize_;
    QSpinBox* steps_;
    SeedEdit* seed_;
    QCheckBox* augment_;
    QDoubleSpinBox* rotation_;
    QDoubleSpinBox* widthShift_;
    QDoubleSpinBox* heightShift_;
    QDoubleSpinBox* shear_;
    QDoubleSpinBox* zoom_;
    QCheckBox* flip_;
    QSpinBox* pool_;
    QComboBox* precision_;
    QSpinBox* processes_;
    QAction* start_;
    QAction* pause_;
    QAction* stop_;
    RunProgressView* progress_;
    QLabel* runsFolder_;  ///< where runs are saved

    bool nameTyped_ = false;  ///< the user edited the run name
    bool running_ = false;
    bool paused_ = false;
};

}  // namespace tl::ui
