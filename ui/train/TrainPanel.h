#pragma once
#include <QWidget>
#include <filesystem>

#include "core/training/Experiment.h"
#include "ui/common/CoreMetaTypes.h"
#include "ui/training/RunOutcome.h"

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QGroupBox;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QSpinBox;

namespace tl::ui {

class SeedEdit;

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

    /// Where runs are kept: the fine-tune source list shows the finished runs found there.
    void setRunsRoot(const std::filesystem::path& runsRoot);
    void refreshRuns();

    tl::Regime regime() const;
    tl::AugmentationParams augmentation() const;
    std::uint64_t seed() const;

    /// Switches the buttons between idle, running and paused.
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
    QComboBox* sourceRun_;
    QComboBox* optimizer_;
    QLineEdit* learningRate_;
    QSpinBox* epochs_;
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
    QPushButton* start_;
    QPushButton* pause_;
    QPushButton* stop_;
    QProgressBar* epochProgress_;
    QProgressBar* runProgress_;
    QLabel* status_;

    std::filesystem::path runsRoot_;
    std::filesystem::path pendingSourceRun_;
    bool running_ = false;
    bool paused_ = false;
};

}  // namespace tl::ui
