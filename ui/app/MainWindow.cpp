#include "ui/app/MainWindow.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QDir>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QGuiApplication>
#include <QInputDialog>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QScreen>
#include <QScrollArea>
#include <QSettings>
#include <QSplitter>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTabWidget>
#include <QThread>
#include <QTimer>
#include <QToolBar>
#include <algorithm>

#include "core/data/DemoDataset.h"
#include "core/lesson/LessonPlan.h"
#include "core/runs/RunFolder.h"
#include "core/training/DemoExperiment.h"
#include "core/training/ExperimentFile.h"
#include "core/util/Error.h"
#include "core/util/UserMessage.h"
#include "ui/app/PresetLibrary.h"
#include "ui/app/RecentList.h"
#include "ui/charts/AugmentationPreview.h"
#include "ui/charts/ChartsPanel.h"
#include "ui/common/DroppedFiles.h"
#include "ui/common/MessageText.h"
#include "ui/common/PathText.h"
#include "ui/data/DataPanel.h"
#include "ui/evaluate/EvaluationPanel.h"
#include "ui/evaluate/PredictionPanel.h"
#include "ui/evaluate/ProbabilityHistogramChart.h"
#include "ui/model/ModelPanel.h"
#include "ui/runner/LessonSession.h"
#include "ui/runner/TrainingController.h"
#include "ui/runs/RunsPanel.h"
#include "ui/train/LessonTable.h"
#include "ui/train/TrainPanel.h"

namespace tl::ui {
namespace {

/// Runs of experiments that are not the demo: $XDG_DATA_HOME/transferlab/runs.
std::filesystem::path defaultRunsRoot() {
    return toPath(QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation)) / "transferlab" / "runs";
}

QString messageFor(const std::exception& error) {
    return QString::fromStdString(tl::userMessage(error));
}

}  // namespace

MainWindow::MainWindow(QWidget* parent)
    : QMainWindow(parent),
      controller_(new TrainingController(this)),
      tabs_(new QTabWidget),
      data_(new DataPanel),
      model_(new ModelPanel),
      train_(new TrainPanel),
      charts_(new ChartsPanel),
      preview_(new AugmentationPreview),
      log_(new QPlainTextEdit),
      trainSplitter_(new QSplitter),
      results_(new QTabWidget),
      lesson_(new LessonSession(this)) {
    setObjectName(QStringLiteral("MainWindow"));
    log_->setReadOnly(true);
    log_->setMaximumBlockCount(5000);
    runLessonAction_ = new QAction(tr("Run the &Lesson"), this);
    runLessonAction_->setObjectName(QStringLiteral("RunLessonAction"));
    runLessonAction_->setShortcut(QKeySequence(tr("Ctrl+L")));
    runLessonAction_->setToolTip(
        tr("Play the lecture's five experiments one after another on the lesson's generated cats and dogs "
           "(Ctrl+L): from scratch, with augmentation, feature extraction with and without augmentation, "
           "fine-tuning. A few minutes on a laptop."));
    lessonTable_ = new LessonTable(runLessonAction_);
    results_->setObjectName(QStringLiteral("ResultsTabs"));
    results_->addTab(charts_, tr("&Charts"));
    liveHistogram_ = new ProbabilityHistogramChart;
    liveHistogram_->setObjectName(QStringLiteral("LiveHistogram"));
    results_->addTab(liveHistogram_, tr("&Probabilities"));
    results_->setTabToolTip(results_->indexOf(liveHistogram_),
                            tr("The validation images' predicted probabilities after each epoch: why accuracy and "
                               "loss can move apart."));
    results_->addTab(lessonTable_, tr("&Lesson"));
    results_->addTab(preview_, tr("&Augmentation preview"));
    results_->addTab(log_, tr("Lo&g"));
    // Scrolled, so messages and progress bars below the form never make the window taller than
    // a laptop's screen.
    trainScroll_ = new QScrollArea;
    trainScroll_->setObjectName(QStringLiteral("TrainScroll"));
    trainScroll_->setWidget(train_);
    trainScroll_->setWidgetResizable(true);
    trainScroll_->setFrameShape(QFrame::NoFrame);
    trainScroll_->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    trainScroll_->setMinimumWidth(train_->minimumSizeHint().width() + 16);
    trainSplitter_->addWidget(trainScroll_);
    trainSplitter_->addWidget(results_);
    trainSplitter_->setStretchFactor(1, 1);
    tabs_->addTab(data_, tr("1 · &Data"));
    tabs_->addTab(model_, tr("2 · &Model"));
    tabs_->addTab(trainSplitter_, tr("3 · &Train"));
    evaluation_ = new EvaluationPanel;
    prediction_ = new PredictionPanel;
    tabs_->addTab(evaluation_, tr("4 · &Evaluate"));
    tabs_->addTab(prediction_, tr("5 · Pred&ict"));
    runs_ = new RunsPanel;
    tabs_->addTab(runs_, tr("6 · R&uns"));
    tabs_->setTabToolTip(tabs_->indexOf(runs_), tr("Every run in the runs folder: the lecture's results table, and "
                                                   "several runs' curves overlaid."));
    setAcceptDrops(true);
    tabs_->setDocumentMode(true);
    setCentralWidget(tabs_);
    buildMenus();
    connectPanels();
    restoreSettings();
    statusBar()->showMessage(tr("Ready"));
    updateTitle();
}

MainWindow::~MainWindow() = default;

void MainWindow::buildMenus() {
    auto* file = menuBar()->addMenu(tr("&File"));
    file->addAction(tr("Open the &Lesson"), this, [this] { openLesson(tl::defaultLessonFolder()); })
        ->setToolTip(tr("The lecture's five experiments on generated cats and dogs, offline, in a few minutes."));
    file->addAction(tr("Open &Demo Project"), this, [this] { openDemo(tl::defaultDemoFolder()); });
    file->addAction(tr("&Open Dataset Folder…"), QKeySequence::Open, this, &MainWindow::chooseDatasetFolder);
    file->addAction(tr("Open Dataset &Archive…"), this, &MainWindow::chooseDatasetArchive)
        ->setToolTip(tr("A zip archive read as it is, without unpacking it: Kaggle's dogs-vs-cats train.zip."));
    file->addAction(tr("Open &Experiment…"), QKeySequence(tr("Ctrl+Shift+O")), this, &MainWindow::chooseExperimentFile);
    file->addAction(tr("Open &Run…"), QKeySequence(tr("Ctrl+Shift+R")), this, &MainWindow::chooseRunFolder)
        ->setToolTip(tr("Show the curves a run recorded (its metrics.csv and batches.csv)."));
    file->addAction(tr("Open &Image…"), QKeySequence(tr("Ctrl+I")), this,
                    [this] {
                        tabs_->setCurrentWidget(prediction_);
                        prediction_->chooseImages();
                    })
        ->setToolTip(tr("Classify image files with the trained model and see where it looked (Predict tab)."));
    recentDatasets_ = new RecentList(QStringLiteral("recent/datasets"), file->addMenu(tr("Recent &Datasets")), this);
    recentExperiments_ =
        new RecentList(QStringLiteral("recent/experiments"), file->addMenu(tr("Recent E&xperiments")), this);
    file->addSeparator();
    file->addAction(tr("&Save Experiment As…"), QKeySequence::SaveAs, this, &MainWindow::saveExperimentAs);
    file->addAction(charts_->saveAction());
    file->addSeparator();
    file->addAction(tr("&Quit"), QKeySequence::Quit, this, &QWidget::close);
    connect(recentDatasets_, &RecentList::chosen, this, &MainWindow::openPath);
    connect(recentExperiments_, &RecentList::chosen, this, &MainWindow::openPath);

    auto* presets = menuBar()->addMenu(tr("&Presets"));
    auto* toolbar = addToolBar(tr("Presets"));
    toolbar->setObjectName(QStringLiteral("PresetsToolBar"));
    toolbar->addWidget(new QLabel(tr(" Lecture presets: ")));
    for (const auto& preset : PresetLibrary::presetFiles()) {
        auto* action = presets->addAction(PresetLibrary::title(preset), this, [this, preset] { applyPreset(preset); });
        action->setToolTip(tr("Load the lecture's settings for this experiment, keeping the current data."));
        toolbar->addAction(action);
    }

    // The train panel's own actions: the menu, the toolbar and its buttons are one set, enabled by
    // the run's state, with shortcuts that work from every tab.
    auto* run = menuBar()->addMenu(tr("&Run"));
    auto* runBar = addToolBar(tr("Run"));
    runBar->setObjectName(QStringLiteral("RunToolBar"));
    for (QAction* action : {train_->startAction(), train_->pauseAction(), train_->stopAction()}) {
        run->addAction(action);
        runBar->addAction(action);
    }
    run->addSeparator();
    run->addAction(runLessonAction_);
    runBar->addAction(runLessonAction_);
    run->addSeparator();
    run->addAction(tr("&Evaluate the Run"), QKeySequence(tr("Ctrl+E")), this,
                   [this] {
                       tabs_->setCurrentWidget(evaluation_);
                       evaluation_->evaluate();
                   })
        ->setToolTip(tr("Measure the trained model on its test split: confusion matrix, ROC, mistakes."));
    run->addSeparator();
    run->addAction(tr("CPU &Threads…"), this, &MainWindow::chooseThreadCount);

    auto* help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&About Transfer Lab"), this, [this] {
        QMessageBox::about(this, tr("About Transfer Lab"),
                           tr("<b>Transfer Lab %1</b><p>A workbench for transfer learning on small image sets: "
                              "feature extraction and fine-tuning of ImageNet convnets, live.</p>")
                               .arg(QApplication::applicationVersion()));
    });
}

void MainWindow::connectPanels() {
    connect(data_, &DataPanel::datasetScanned, this, &MainWindow::onDatasetScanned);
    connect(data_, &DataPanel::dataSpecChanged, this, [this] {
        const auto root = toQString(data_->dataSpec().root);
        if (!root.isEmpty() && QFileInfo(root).isDir()) recentDatasets_->add(root);
        updateTitle();
    });
    connect(train_, &TrainPanel::startRequested, this, &MainWindow::startRun);
    connect(train_, &TrainPanel::pauseRequested, controller_, &TrainingController::pause);
    connect(train_, &TrainPanel::resumeRequested, controller_, &TrainingController::resume);
    connect(train_, &TrainPanel::stopRequested, controller_, &TrainingController::stop);
    connect(train_, &TrainPanel::regimeChanged, this, &MainWindow::proposeRunName);
    connect(train_, &TrainPanel::regimeChanged, this, [this](tl::Regime regime) {
        if (tl::freezesBase(regime)) model_->freezeBase();
        if (regime == tl::Regime::Scratch) model_->unfreezeAll();
    });
    connect(train_, &TrainPanel::augmentationChanged, this,
            [this] { preview_->setParameters(train_->augmentation(), train_->seed()); });
    connect(model_, &ModelPanel::changed, this, [this] {
        preview_->setImageSize(currentExperiment().model.input);
        updateFineTuneSources();
    });
    connect(model_, &ModelPanel::backboneChosen, this, &MainWindow::proposeRunName);

    connect(runLessonAction_, &QAction::triggered, this, &MainWindow::runLesson);
    connect(lesson_, &LessonSession::stepStarted, lessonTable_,
            [this](int index) { lessonTable_->markRunning(index); });
    connect(lesson_, &LessonSession::stepMeasured, lessonTable_, &LessonTable::showResult);
    connect(lesson_, &LessonSession::finished, this, [this](const std::vector<tl::LessonResult>& results) {
        runLessonAction_->setEnabled(!controller_->isRunning());
        int completed = 0;
        for (const auto& row : results) completed += row.status == tl::RunStatus::Completed;
        statusBar()->showMessage(tr("Lesson over: %1 of %2 experiments completed; the Lesson tab has the table.")
                                     .arg(completed)
                                     .arg(lesson_->steps().size()));
        results_->setCurrentWidget(lessonTable_);
    });
    connect(controller_, &TrainingController::started, this, [this] {
        runLessonAction_->setEnabled(false);
        train_->setRunState(true, false);
        evaluation_->setTrainingActive(true);
        charts_->clear();
        liveHistogram_->clear();
        const auto name = QString::fromStdString(currentExperiment().name);
        statusBar()->showMessage(
            lesson_->active() ? tr("Lesson, step %1 of %2: running \"%3\"… (Ctrl+P pauses, "
                                   "Ctrl+. stops the lesson)")
                                    .arg(lesson_->currentIndex() + 1)
                                    .arg(lesson_->steps().size())
                                    .arg(name)
            : train_->processes() > 1
                ? tr("Running \"%1\" on %2 processes… (Ctrl+. stops)").arg(name).arg(train_->processes())
                : tr("Running \"%1\"… (Ctrl+P pauses, Ctrl+. stops)").arg(name));
    });
    connect(controller_, &TrainingController::pausedChanged, this,
            [this](bool paused) { train_->setRunState(true, paused); });
    connect(controller_, &TrainingController::batchEnded, charts_, &ChartsPanel::addBatch);
    connect(controller_, &TrainingController::batchEnded, train_, &TrainPanel::showBatch);
    connect(controller_, &TrainingController::epochEnded, charts_, &ChartsPanel::addEpoch);
    connect(controller_, &TrainingController::epochEnded, this, [this](const tl::EpochMetrics& epoch) {
        QStringList classes;
        if (const auto* split = data_->split()) {
            for (const auto& name : split->classes) classes.append(QString::fromStdString(name));
        }
        liveHistogram_->setHistogram(classes, epoch.validationHistogram, tr("validation, epoch %1").arg(epoch.epoch));
    });
    connect(evaluation_, &EvaluationPanel::chooseRunRequested, this, &MainWindow::chooseRunFolder);
    connect(prediction_, &PredictionPanel::chooseRunRequested, this, &MainWindow::chooseRunFolder);
    connect(evaluation_, &EvaluationPanel::imageChosen, this, [this](const QString& file) {
        tabs_->setCurrentWidget(prediction_);
        prediction_->addImages({file});
    });
    connect(controller_, &TrainingController::epochEnded, this, [this](const tl::EpochMetrics& epoch) {
        appendLog(tr("epoch %1: loss %2, acc %3, val_loss %4, val_acc %5 (%6 s)")
                      .arg(epoch.epoch)
                      .arg(epoch.trainLoss, 0, 'f', 4)
                      .arg(epoch.trainAccuracy, 0, 'f', 4)
                      .arg(epoch.validationLoss, 0, 'f', 4)
                      .arg(epoch.validationAccuracy, 0, 'f', 4)
                      .arg(epoch.seconds, 0, 'f', 1));
    });
    connect(controller_, &TrainingController::progressed, train_, &TrainPanel::showProgress);
    connect(controller_, &TrainingController::logged, this, &MainWindow::appendLog);
    connect(controller_, &TrainingController::finished, this, &MainWindow::onRunFinished);
    connectRunsPanel();
}

std::filesystem::path MainWindow::listedRunsRoot() const {
    if (!openedRunsRoot_.empty()) return openedRunsRoot_;
    return runsRoot_.empty() ? defaultRunsRoot() : runsRoot_;
}

void MainWindow::resumeRun(const QString& folder) {
    if (controller_->isRunning()) {
        statusBar()->showMessage(tr("A run is going on: stop it first to resume another."), 8000);
        return;
    }
    std::vector<tl::EpochMetrics> epochs;
    std::vector<tl::BatchMetrics> batches;
    try {
        const auto run = tl::RunFolder::open(toPath(folder));
        epochs = run.readMetrics();
        batches = run.readBatches();
    } catch (const std::exception&) {
        // A run stopped before its first epoch has no curves yet: it starts from the beginning.
    }
    log_->clear();
    if (!controller_->startResumed(toPath(folder))) return;
    // started() cleared the charts: what the run measured before comes back, the rest follows.
    charts_->showRun(epochs, batches);
    tabs_->setCurrentWidget(trainSplitter_);
    results_->setCurrentWidget(charts_);
    statusBar()->showMessage(tr("Resuming %1 after epoch %2… (Ctrl+P pauses, Ctrl+. stops)")
                                 .arg(QFileInfo(folder).fileName())
                                 .arg(epochs.size()));
}

void MainWindow::connectRunsPanel() {
    // Listed when shown: the runs folder follows what is open, and the command line may have added runs.
    connect(tabs_, &QTabWidget::currentChanged, this, [this] {
        if (tabs_->currentWidget() == runs_) runs_->setRunsRoot(listedRunsRoot());
    });
    connect(controller_, &TrainingController::finished, this, [this] {
        if (tabs_->currentWidget() == runs_) runs_->refresh();
    });
    connect(runs_, &RunsPanel::openRunRequested, this, [this](const QString& folder) { openRun(toPath(folder)); });
    auto openIn = [this](QWidget* tab) {
        return [this, tab](const QString& folder) {
            if (!showRunInViews(folder)) {
                statusBar()->showMessage(tr("%1 has no trained model (model.pt) to use.").arg(folder), 8000);
                return;
            }
            tabs_->setCurrentWidget(tab);
        };
    };
    connect(runs_, &RunsPanel::resumeRequested, this, &MainWindow::resumeRun);
    connect(runs_, &RunsPanel::evaluateRequested, this, openIn(evaluation_));
    connect(runs_, &RunsPanel::predictRequested, this, openIn(prediction_));
}

void MainWindow::openDemo(const std::filesystem::path& folder) {
    try {
        tl::ensureDemoDataset(folder / "data");
        openExperiment(tl::demoExperiment(folder / "data"), folder / "runs");
        experimentFile_.clear();
        statusBar()->showMessage(
            tr("Demo project: a small convnet on generated images. Press Start (Ctrl+R) on the Train tab."));
        updateTitle();
    } catch (const std::exception& error) {
        warnUser(this, tr("Demo project"), tr("Could not set up the demo: %1").arg(messageFor(error)));
    }
}

void MainWindow::openLesson(const std::filesystem::path& folder) {
    if (controller_->isRunning()) return;
    try {
        tl::LessonOptions options;
        options.folder = folder;
        options.threads = threads_;
        QApplication::setOverrideCursor(Qt::WaitCursor);  // writing the images takes a second or two
        lesson_->prepare(options);
        QApplication::restoreOverrideCursor();
        lessonFolder_ = folder;
        lessonTable_->setSteps(lesson_->steps());
        openExperiment(lesson_->steps().front().experiment, folder / "runs");
        experimentFile_.clear();
        tabs_->setCurrentWidget(trainSplitter_);
        results_->setCurrentWidget(lessonTable_);
        statusBar()->showMessage(
            tr("The lesson: press Run the Lesson (Ctrl+L) to play the five experiments, or "
               "Start (Ctrl+R) to run the one shown."));
        updateTitle();
    } catch (const std::exception& error) {
        QApplication::restoreOverrideCursor();
        warnUser(this, tr("The lesson"), tr("Could not set up the lesson: %1").arg(messageFor(error)));
    }
}

void MainWindow::runLesson() {
    if (controller_->isRunning()) return;
    try {
        tl::LessonOptions options;
        options.folder = lessonFolder_.empty() ? tl::defaultLessonFolder() : lessonFolder_;
        options.threads = threads_;
        lesson_->begin(options);
        lessonFolder_ = options.folder;
    } catch (const std::exception& error) {
        warnUser(this, tr("The lesson"), tr("Could not set up the lesson: %1").arg(messageFor(error)));
        return;
    }
    lessonTable_->setSteps(lesson_->steps());
    log_->clear();
    advanceLesson();
}

void MainWindow::advanceLesson() {
    const auto step = lesson_->advance();
    if (!step) return;
    openExperiment(step->experiment, lesson_->options().folder / "runs");
    experimentFile_.clear();
    appendLog(tr("lesson step %1 of %2: %3")
                  .arg(lesson_->currentIndex() + 1)
                  .arg(lesson_->steps().size())
                  .arg(QString::fromStdString(step->title)));
    auto experiment = step->experiment;
    experiment.training.threads = threads_;
    if (!startExperiment(experiment)) lesson_->cancel();
}

void MainWindow::openExperiment(const tl::Experiment& experiment, const std::filesystem::path& runsRoot) {
    experiment_ = experiment;
    runsRoot_ = runsRoot;
    openedRunsRoot_.clear();
    data_->setDataSpec(experiment.data);
    model_->setExperiment(experiment);
    train_->setRunsRoot(runsRoot);
    train_->setExperiment(experiment);
    updateTitle();
}

bool MainWindow::openPath(const QString& path) {
    const QFileInfo info(path);
    try {
        if (info.isDir() && QFileInfo::exists(QDir(path).filePath(QStringLiteral("experiment.json")))) {
            // A run folder: its curves on the Train tab, its model on the Evaluate and Predict tabs.
            return openRun(toPath(info.absoluteFilePath()));
        }
        if (info.isDir() || isZipArchive(info)) {
            // The settings stay; the data is the folder's own (layout detected, counts proposed)
            // and its runs go to the user's runs folder, not the demo's or an experiment's.
            experiment_ = currentExperiment();
            experiment_.data.splitFile.clear();
            data_->openFolder(toPath(info.absoluteFilePath()));
            runsRoot_ = defaultRunsRoot();
            train_->setRunsRoot(runsRoot_);
            experimentFile_.clear();
            recentDatasets_->add(info.absoluteFilePath());
            statusBar()->showMessage(tr("Opened %1: its layout is detected and split counts proposed on the Data tab.")
                                         .arg(info.absoluteFilePath()));
            updateTitle();
            return true;
        }
        const auto experiment = tl::loadExperiment(toPath(info.absoluteFilePath()));
        openExperiment(experiment, toPath(info.absolutePath()) / "runs");
        experimentFile_ = info.absoluteFilePath();
        recentExperiments_->add(experimentFile_);
        updateTitle();
        return true;
    } catch (const std::exception& error) {
        warnUser(this, tr("Open"), messageFor(error));
        return false;
    }
}

tl::Experiment MainWindow::currentExperiment() const {
    auto experiment = experiment_;
    experiment.data = data_->dataSpec();
    if (const auto* dataset = data_->dataset()) {
        experiment.model.head.numClasses = std::max<int>(2, static_cast<int>(dataset->classes.size()));
    }
    model_->applyTo(experiment);
    train_->applyTo(experiment);
    experiment.training.threads = threads_;
    return experiment;
}

void MainWindow::startRun() {
    if (controller_->isRunning()) return;
    log_->clear();
    startExperiment(currentExperiment());
}

bool MainWindow::startExperiment(const tl::Experiment& experiment) {
    try {
        tl::validateExperiment(experiment, "the experiment");
    } catch (const std::exception& error) {
        warnUser(this, tr("Cannot start"), messageFor(error));
        return false;
    }
    appendLog(tr("run \"%1\": %2, %3, into %4")
                  .arg(QString::fromStdString(experiment.name), QString::fromStdString(experiment.model.backbone),
                       QString::fromStdString(std::string(tl::toString(experiment.training.regime))),
                       toQString(runsRoot_)));
    openedRunsRoot_.clear();  // the Runs tab follows the new run
    tabs_->setCurrentWidget(trainSplitter_);
    results_->setCurrentWidget(charts_);
    return controller_->start(experiment, runsRoot_, train_->processes());
}

void MainWindow::closeEvent(QCloseEvent* event) {
    if (controller_->isRunning()) {
        const auto answer = QMessageBox::question(
            this, tr("A run is in progress"),
            tr("Stop the run and quit? Every finished epoch and the checkpoint are kept in its run folder."));
        if (answer != QMessageBox::Yes) {
            event->ignore();
            return;
        }
        statusBar()->showMessage(tr("Stopping the run…"));
        controller_->stopAndWait();
    }
    saveSettings();
    event->accept();
}

void MainWindow::chooseDatasetFolder() {
    auto start = toQString(data_->dataSpec().root);
    if (start.isEmpty()) start = QSettings().value(QStringLiteral("data/last")).toString();
    const auto folder = QFileDialog::getExistingDirectory(this, tr("Open a dataset folder"), start);
    if (!folder.isEmpty()) openPath(folder);
}

void MainWindow::chooseDatasetArchive() {
    const auto file =
        QFileDialog::getOpenFileName(this, tr("Open a dataset archive"), QString(), tr("Zip archives (*.zip *.ZIP)"));
    if (!file.isEmpty()) openPath(file);
}

void MainWindow::chooseRunFolder() {
    const auto folder = QFileDialog::getExistingDirectory(this, tr("Open a run folder"), toQString(runsRoot_));
    if (!folder.isEmpty()) openRun(toPath(folder));
}

bool MainWindow::openRun(const std::filesystem::path& folder) {
    try {
        const auto run = tl::RunFolder::open(folder);
        // The Runs tab lists the opened run among its neighbours, wherever they are.
        openedRunsRoot_ = std::filesystem::absolute(run.path()).parent_path();
        const auto epochs = run.readMetrics();
        const auto batches = run.readBatches();
        charts_->showRun(epochs, batches);
        tabs_->setCurrentWidget(trainSplitter_);
        showRunInViews(toQString(folder));
        QString text = tr("Showing run %1: %n epoch(s)", nullptr, static_cast<int>(epochs.size()))
                           .arg(toQString(run.path().filename()));
        try {
            const auto summary = run.readSummary();
            text +=
                tr(", %1, %2, best validation accuracy %3%")
                    .arg(QString::fromStdString(summary.regime), QString::fromStdString(tl::toString(summary.status)))
                    .arg(summary.best.validationAccuracy * 100.0, 0, 'f', 1);
        } catch (const std::exception&) {
            // The curves are what was asked for; a missing summary only shortens the line.
        }
        statusBar()->showMessage(text);
        return true;
    } catch (const std::exception& error) {
        warnUser(this, tr("Open run"), messageFor(error));
        return false;
    }
}

bool MainWindow::showRunInViews(const QString& folder) {
    try {
        if (!QFileInfo(toQString(tl::RunFolder::open(toPath(folder)).checkpointFile())).isFile()) return false;
    } catch (const std::exception&) {
        return false;  // not a run folder: nothing to evaluate or predict with
    }
    evaluation_->setRun(folder);
    prediction_->setRun(folder);
    return true;
}

void MainWindow::dragEnterEvent(QDragEnterEvent* event) {
    if (prediction_->acceptsMime(event->mimeData())) event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent* event) {
    if (!prediction_->acceptsMime(event->mimeData())) return;
    event->acceptProposedAction();
    tabs_->setCurrentWidget(prediction_);
    prediction_->addFromMime(event->mimeData());
}

void MainWindow::chooseExperimentFile() {
    const auto file =
        QFileDialog::getOpenFileName(this, tr("Open an experiment"), experimentFile_, tr("Experiments (*.json)"));
    if (!file.isEmpty()) openPath(file);
}

void MainWindow::saveExperimentAs() {
    const auto file = QFileDialog::getSaveFileName(
        this, tr("Save the experiment"),
        experimentFile_.isEmpty() ? QStringLiteral("experiment.json") : experimentFile_, tr("Experiments (*.json)"));
    if (file.isEmpty()) return;
    try {
        tl::saveExperiment(currentExperiment(), toPath(file));
        experimentFile_ = file;
        recentExperiments_->add(file);
        statusBar()->showMessage(tr("Saved %1").arg(file), 5000);
        updateTitle();
    } catch (const std::exception& error) {
        warnUser(this, tr("Save the experiment"), messageFor(error));
    }
}

void MainWindow::applyPreset(const QString& presetFile) {
    try {
        auto preset = PresetLibrary::load(presetFile);
        // A preset is the lecture's recipe; the data stays what is open now.
        const auto current = currentExperiment();
        preset.data = current.data;
        preset.model.head.numClasses = current.model.head.numClasses;
        if (preset.training.regime == tl::Regime::FineTune) preset.training.initFromRun.clear();
        openExperiment(preset, runsRoot_.empty() ? defaultRunsRoot() : runsRoot_);
        tabs_->setCurrentWidget(model_);
        statusBar()->showMessage(
            tr("Preset %1 loaded: %2")
                .arg(PresetLibrary::title(presetFile), QString::fromStdString(preset.description)));
    } catch (const std::exception& error) {
        warnUser(this, tr("Preset"), messageFor(error));
    }
}

void MainWindow::chooseThreadCount() {
    bool ok = false;
    const int cores = QThread::idealThreadCount();
    const int threads =
        QInputDialog::getInt(this, tr("CPU threads"), tr("Threads for training (0 = all %1 cores):").arg(cores),
                             threads_, 0, tl::maximumThreads(), 1, &ok);
    if (ok) threads_ = threads;
}

void MainWindow::onRunFinished(const tl::ui::RunOutcome& outcome) {
    train_->setRunState(false, false);
    train_->showOutcome(outcome);
    evaluation_->setTrainingActive(false);
    if (outcome.status != tl::RunStatus::Failed && !outcome.folder.isEmpty()) showRunInViews(outcome.folder);
    runLessonAction_->setEnabled(true);
    if (lesson_->active()) {
        lesson_->record(outcome);
        // Once this run's signals are handled: the next step (or the lesson's end) — a failed step
        // is in the table and the log, without a dialog that would hold up the steps after it.
        if (lesson_->active()) {
            if (outcome.status == tl::RunStatus::Failed) appendLog(tr("failed: %1").arg(outcome.error));
            QTimer::singleShot(0, this, &MainWindow::advanceLesson);
            return;
        }
    }
    if (outcome.status == tl::RunStatus::Failed) {
        appendLog(tr("failed: %1").arg(outcome.error));
        statusBar()->showMessage(tr("The run failed: %1").arg(MessageText::from(outcome.error).headline));
        // Once the panel has laid the new message out: scroll it into view.
        QTimer::singleShot(0, this, [this] {
            if (auto* message = train_->findChild<QWidget*>(QStringLiteral("TrainMessage"))) {
                trainScroll_->ensureWidgetVisible(message);
            }
        });
        warnUser(this, tr("The run failed"), outcome.error);
        return;
    }
    const auto status = QString::fromStdString(tl::toString(outcome.status));
    appendLog(tr("run %1: %2").arg(status, outcome.folder));
    statusBar()->showMessage(tr("Run %1 — %2").arg(status, outcome.folder));
}

void MainWindow::onDatasetScanned() {
    if (const auto* dataset = data_->dataset()) {
        model_->setClassCount(static_cast<int>(dataset->classes.size()));
        model_->setImageFolder(dataset->root);
        std::vector<std::filesystem::path> images;
        for (const auto& sample : dataset->unsplit) {
            images.push_back(sample.path);
            if (images.size() >= 64) break;
        }
        if (images.empty() && dataset->predefined) {
            for (const auto& sample : dataset->predefined->train) {
                images.push_back(sample.path);
                if (images.size() >= 64) break;
            }
        }
        preview_->setImages(images);
    }
    updateFineTuneSources();
    updateTitle();
}

void MainWindow::proposeRunName() {
    // "<dataset folder>-<backbone>-<regime>", until the user names the run.
    const auto experiment = currentExperiment();
    QString name = toQString(experiment.data.root.filename());
    if (!name.isEmpty()) name += QLatin1Char('-');
    name += QString::fromStdString(experiment.model.backbone) + QLatin1Char('-') +
            QString::fromStdString(std::string(tl::toString(experiment.training.regime)));
    train_->proposeRunName(name);
}

void MainWindow::updateFineTuneSources() {
    const auto* dataset = data_->dataset();
    train_->setModelIdentity(currentExperiment().model.backbone,
                             dataset ? dataset->classes : std::vector<std::string>{});
}

void MainWindow::appendLog(const QString& line) {
    log_->appendPlainText(line);
}

void MainWindow::restoreSettings() {
    QSettings settings;
    if (!restoreGeometry(settings.value(QStringLiteral("window/geometry")).toByteArray())) {
        // First start: large enough for the charts, never larger than the screen.
        const QRect screen = QGuiApplication::primaryScreen() ? QGuiApplication::primaryScreen()->availableGeometry()
                                                              : QRect(0, 0, 1280, 860);
        resize(std::min(1280, screen.width() * 9 / 10), std::min(860, screen.height() * 9 / 10));
    }
    restoreState(settings.value(QStringLiteral("window/state")).toByteArray());
    trainSplitter_->restoreState(settings.value(QStringLiteral("window/trainSplitter")).toByteArray());
    charts_->setSmoothing(
        settings.value(QStringLiteral("charts/smoothing"), ChartsPanel::kDefaultSmoothing).toDouble());
    const auto formula = settings.value(QStringLiteral("charts/formula")).toString();
    charts_->setFormula(formula == QStringLiteral("lecture")       ? SmoothingFormula::Lecture
                        : formula == QStringLiteral("tensorboard") ? SmoothingFormula::TensorBoard
                                                                   : ChartsPanel::kDefaultFormula);
    threads_ = settings.value(QStringLiteral("training/threads"), 0).toInt();
}

void MainWindow::saveSettings() const {
    QSettings settings;
    settings.setValue(QStringLiteral("window/geometry"), saveGeometry());
    settings.setValue(QStringLiteral("window/state"), saveState());
    settings.setValue(QStringLiteral("window/trainSplitter"), trainSplitter_->saveState());
    settings.setValue(QStringLiteral("charts/smoothing"), charts_->smoothing());
    settings.setValue(QStringLiteral("charts/formula"), charts_->formula() == SmoothingFormula::Lecture
                                                            ? QStringLiteral("lecture")
                                                            : QStringLiteral("tensorboard"));
    settings.setValue(QStringLiteral("training/threads"), threads_);
    settings.setValue(QStringLiteral("data/last"), toQString(data_->dataSpec().root));
}

void MainWindow::updateTitle() {
    const auto root = data_->dataSpec().root;
    const auto name = experimentFile_.isEmpty() ? toQString(root.filename()) : QFileInfo(experimentFile_).fileName();
    setWindowTitle(name.isEmpty() ? tr("Transfer Lab") : tr("%1 — Transfer Lab").arg(name));
}

}  // namespace tl::ui
