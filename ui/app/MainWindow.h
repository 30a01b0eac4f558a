#pragma once
#include <QMainWindow>
#include <filesystem>

#include "core/training/Experiment.h"
#include "ui/runner/RunOutcome.h"

class QLabel;
class QPlainTextEdit;
class QScrollArea;
class QSplitter;
class QTabWidget;

namespace tl::ui {

class AugmentationPreview;
class LessonSession;
class LessonTable;
class ChartsPanel;
class DataPanel;
class EvaluationPanel;
class PredictionPanel;
class ProbabilityHistogramChart;
class ModelPanel;
class RecentList;
class RunsPanel;
class TrainingController;
class TrainPanel;

/// Transfer Lab's window: the Data, Model and Train panels over one experiment, live charts, and
/// the run on a worker thread (TrainingController). Opens a dataset folder, an experiment file,
/// one of the lecture's presets, the built-in demo project or the offline lesson. Closing it during a run stops the
/// run and keeps what it measured. GUI thread only.
class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(QWidget* parent = nullptr);
    ~MainWindow() override;

    /// Writes the demo images if needed and shows the demo experiment (runs go to the demo folder).
    void openDemo(const std::filesystem::path& folder);
    /// Writes the lesson's images if needed and shows its first step, with the results table
    /// ready (runs go to folder/runs). Run the Lesson (Ctrl+L) plays the five steps.
    void openLesson(const std::filesystem::path& folder);
    /// Shows the experiment; its runs go to `runsRoot`.
    void openExperiment(const tl::Experiment& experiment, const std::filesystem::path& runsRoot);
    /// Opens an experiment JSON file, a run folder or a dataset folder (what the command line and
    /// recent menus pass).
    bool openPath(const QString& path);
    /// Shows a finished (or stopped) run's recorded curves in the charts. False, after telling
    /// the user why, when the folder is not a run.
    bool openRun(const std::filesystem::path& folder);

    /// The experiment as the panels show it now: what Start would run.
    tl::Experiment currentExperiment() const;
    const std::filesystem::path& runsRoot() const { return runsRoot_; }

    DataPanel* dataPanel() const { return data_; }
    ModelPanel* modelPanel() const { return model_; }
    TrainPanel* trainPanel() const { return train_; }
    ChartsPanel* chartsPanel() const { return charts_; }
    TrainingController* controller() const { return controller_; }
    QTabWidget* tabs() const { return tabs_; }
    LessonTable* lessonTable() const { return lessonTable_; }
    LessonSession* lessonSession() const { return lesson_; }
    EvaluationPanel* evaluationPanel() const { return evaluation_; }
    PredictionPanel* predictionPanel() const { return prediction_; }
    RunsPanel* runsPanel() const { return runs_; }
    ProbabilityHistogramChart* liveHistogram() const { return liveHistogram_; }

public Q_SLOTS:
    void startRun();
    /// Goes on with a stopped, failed or interrupted run from its last finished epoch, its
    /// recorded curves shown and the new epochs added to them.
    void resumeRun(const QString& folder);
    /// Plays the lesson's five steps one after another in the lesson folder last opened (the
    /// default one if none): each is shown in the panels, run, and measured into the table.
    void runLesson();

protected:
    void closeEvent(QCloseEvent* event) override;
    /// Images or folders dropped anywhere on the window go to the Predict tab (with a trained run).
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dropEvent(QDropEvent* event) override;

private:
    void buildMenus();
    void connectPanels();
    /// The Runs tab: listed when shown and after each run; its runs open in the other tabs.
    void connectRunsPanel();
    /// The runs folder the Runs tab lists: the one an opened run lies in, else where runs go.
    std::filesystem::path listedRunsRoot() const;
    void chooseDatasetFolder();
    void chooseDatasetArchive();
    void chooseExperimentFile();
    void chooseRunFolder();
    void saveExperimentAs();
    void applyPreset(const QString& presetFile);
    void chooseThreadCount();
    void onRunFinished(const tl::ui::RunOutcome& outcome);
    /// Starts `experiment` as it is (the panels only show it); false when it does not validate.
    bool startExperiment(const tl::Experiment& experiment);
    /// Shows and starts the lesson's next step, or reports the lesson's end.
    void advanceLesson();
    void onDatasetScanned();
    /// Tells the train panel which runs a fine-tune could start from (same backbone and classes).
    void updateFineTuneSources();
    /// A backbone or regime change renames the run after them, unless the user named it.
    void proposeRunName();
    void appendLog(const QString& line);
    /// The Evaluate and Predict tabs work on `folder` from now on; false (and nothing changes)
    /// when it is not a run with a checkpoint.
    bool showRunInViews(const QString& folder);
    void restoreSettings();
    void saveSettings() const;
    void updateTitle();

    TrainingController* controller_;
    QTabWidget* tabs_;
    DataPanel* data_;
    ModelPanel* model_;
    TrainPanel* train_;
    ChartsPanel* charts_;
    AugmentationPreview* preview_;
    QPlainTextEdit* log_;
    QSplitter* trainSplitter_;
    QTabWidget* results_;
    LessonSession* lesson_;
    QAction* runLessonAction_ = nullptr;
    LessonTable* lessonTable_ = nullptr;
    EvaluationPanel* evaluation_ = nullptr;
    PredictionPanel* prediction_ = nullptr;
    RunsPanel* runs_ = nullptr;
    ProbabilityHistogramChart* liveHistogram_ = nullptr;  ///< the validation probabilities, every epoch
    std::filesystem::path lessonFolder_;                  ///< the lesson last opened
    QScrollArea* trainScroll_ = nullptr;                  ///< holds the train panel
    RecentList* recentExperiments_ = nullptr;
    RecentList* recentDatasets_ = nullptr;

    tl::Experiment experiment_;  ///< settings no panel edits (description, layout, split file) live here
    QString experimentFile_;     ///< the file the experiment came from or was saved to, if any
    std::filesystem::path runsRoot_;
    /// The parent of the run last opened (Open Run), until an experiment is opened.
    std::filesystem::path openedRunsRoot_;
    int threads_ = 0;  ///< CPU threads for training; 0 = every core
};

}  // namespace tl::ui
