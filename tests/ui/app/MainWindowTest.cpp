#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QElapsedTimer>
#include <QLabel>
#include <QLineEdit>
#include <QLineSeries>
#include <QMessageBox>
#include <QProgressBar>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTableView>
#include <QTest>
#include <QTimer>
#include <QToolButton>
#include <QTreeWidget>
#include <algorithm>
#include <filesystem>
#include <fstream>

#include "EventLoopProbe.h"
#include "WindowTestHelpers.h"
#include "core/models/Model.h"
#include "core/runs/RunFolder.h"
#include "core/training/ExperimentFile.h"
#include "core/training/ExperimentRunner.h"
#include "core/util/Error.h"
#include "support/TempDir.h"
#include "support/TrainingFixture.h"
#include "ui/app/MainWindow.h"
#include "ui/charts/ChartsPanel.h"
#include "ui/charts/MetricChart.h"
#include "ui/common/PathText.h"
#include "ui/data/DataPanel.h"
#include "ui/model/LayerTree.h"
#include "ui/model/ModelPanel.h"
#include "ui/runner/TrainingController.h"
#include "ui/runs/RunTableModel.h"
#include "ui/runs/RunsPanel.h"
#include "ui/train/TrainPanel.h"

using tl::test::openTiny;
using tl::test::waitUntilReady;
using tl::ui::MainWindow;

class MainWindowTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void opensTheDemoProject();
    void freezeTreeChangesCountsAndTheExperiment();
    void featureExtractionRegimeFreezesTheBase();
    void countsMatchCoreForABatchNormBackbone();
    void presetLoadsTheLectureSettingsAndKeepsTheData();
    void startPauseResumeStopDriveARealRun();
    void closingDuringARunStopsItAndKeepsWhatWasMeasured();
    void featureExtractionThenFineTuningWithoutTheCommandLine();
    void fineTuningOffersTheNewestCompatibleRun();
    void windowStaysResponsiveWhileTrainingAndCharting();
    void aStoppedRunResumesWithItsCurves();
};

namespace {

/// The train panel's button that shows the action named `name` (StartRun, PauseRun, StopRun).
QToolButton* buttonFor(QWidget* parent, const QString& name) {
    for (auto* button : parent->findChildren<QToolButton*>()) {
        if (button->defaultAction() && button->defaultAction()->objectName() == name) return button;
    }
    return nullptr;
}

/// Presses `keys` as the user would, on whichever widget has the focus in `window`.
void press(QWidget& window, const QKeySequence& keys) {
    QWidget* target = QApplication::focusWidget() ? QApplication::focusWidget() : &window;
    QTest::keySequence(target, keys);
}

std::filesystem::path onlyRun(const std::filesystem::path& runsRoot) {
    std::vector<std::filesystem::path> runs;
    for (const auto& entry : std::filesystem::directory_iterator(runsRoot)) runs.push_back(entry.path());
    return runs.size() == 1 ? runs.front() : std::filesystem::path{};
}

}  // namespace

void MainWindowTest::initTestCase() {
    QStandardPaths::setTestModeEnabled(true);  // QSettings and data folders of the test, not the user's
}

void MainWindowTest::opensTheDemoProject() {
    tl::test::TempDir folder;
    MainWindow window;
    window.show();
    window.openDemo(folder.path());
    QVERIFY(waitUntilReady(window));
    QCOMPARE(window.dataPanel()->dataset()->classes.size(), std::size_t{2});
    const auto experiment = window.currentExperiment();
    QCOMPARE(experiment.model.backbone, std::string("small_convnet"));
    QVERIFY(experiment.training.regime == tl::Regime::Scratch);
    QCOMPARE(experiment.data.root, folder.path() / "data");
    QCOMPARE(window.runsRoot(), folder.path() / "runs");
    QVERIFY(window.modelPanel()->trainableParameters() > 0);
    QCOMPARE(window.modelPanel()->nonTrainableParameters(), std::int64_t{0});
}

void MainWindowTest::freezeTreeChangesCountsAndTheExperiment() {
    tl::test::TempDir folder;
    MainWindow window;
    window.openDemo(folder.path());
    QVERIFY(waitUntilReady(window));
    auto* model = window.modelPanel();
    const auto total = model->trainableParameters();

    model->freezeBase();
    QVERIFY(window.currentExperiment().freeze.base == tl::FreezePlan::Base::Frozen);
    const auto headOnly = model->trainableParameters();
    QVERIFY(headOnly < total);
    QCOMPARE(headOnly + model->nonTrainableParameters(), total);

    // "Unfreeze from here" on the base's last layer with weights.
    auto* tree = model->layerTree();
    QTreeWidgetItem* lastBaseConv = nullptr;
    auto* base = tree->topLevelItem(0);
    for (int i = 0; i < base->childCount(); ++i) {
        if (base->child(i)->flags() & Qt::ItemIsUserCheckable) lastBaseConv = base->child(i);
    }
    QVERIFY(lastBaseConv);
    tree->unfreezeFrom(lastBaseConv->text(0));
    auto plan = window.currentExperiment().freeze;
    QVERIFY(plan.base == tl::FreezePlan::Base::TrainableFrom);
    QCOMPARE(QString::fromStdString(plan.from), lastBaseConv->text(0));
    QVERIFY(model->trainableParameters() > headOnly);

    // A click on the head's hidden layer freezes just that layer.
    QSignalSpy changed(model, &tl::ui::ModelPanel::changed);
    const auto before = model->trainableParameters();
    auto* head = tree->topLevelItem(1);
    QTreeWidgetItem* dense = nullptr;
    for (int i = 0; i < head->childCount(); ++i) {
        if (head->child(i)->text(0) == QStringLiteral("dense")) dense = head->child(i);
    }
    QVERIFY(dense);
    dense->setCheckState(0, Qt::Unchecked);
    QCOMPARE(changed.size(), 1);
    QVERIFY(model->trainableParameters() < before);
    plan = window.currentExperiment().freeze;
    QCOMPARE(plan.frozen, std::vector<std::string>{"dense"});
}

void MainWindowTest::featureExtractionRegimeFreezesTheBase() {
    tl::test::TempDir folder;
    MainWindow window;
    window.openDemo(folder.path());
    QVERIFY(waitUntilReady(window));
    auto* regime = window.trainPanel()->findChildren<QComboBox*>().first();
    for (auto* combo : window.trainPanel()->findChildren<QComboBox*>()) {
        if (combo->findText(QStringLiteral("Feature extraction + augmentation")) >= 0) regime = combo;
    }
    regime->setCurrentIndex(regime->findText(QStringLiteral("Feature extraction + augmentation")));
    const auto experiment = window.currentExperiment();
    QVERIFY(experiment.training.regime == tl::Regime::FeatureExtractionAug);
    QVERIFY(experiment.freeze.base == tl::FreezePlan::Base::Frozen);
    QVERIFY(window.modelPanel()->nonTrainableParameters() > 0);
}

void MainWindowTest::countsMatchCoreForABatchNormBackbone() {
    // resnet18's BatchNorm statistics count as parameters (as in Keras) but never train.
    tl::test::TinyExperiment tiny;
    tiny.experiment.model.backbone = "resnet18";
    tiny.experiment.model.input = {64, 64};
    MainWindow window;
    openTiny(window, tiny);
    QVERIFY(waitUntilReady(window));
    window.modelPanel()->layerTree()->unfreezeFrom(QStringLiteral("layer4.0"));

    tl::Model reference(window.currentExperiment().model);
    reference.applyFreeze(window.currentExperiment().freeze);
    const auto summary = reference.summary();
    QCOMPARE(window.modelPanel()->trainableParameters(), summary.trainableParameters);
    QCOMPARE(window.modelPanel()->nonTrainableParameters(), summary.nonTrainableParameters);
    QVERIFY(summary.trainableParameters > 0 && summary.nonTrainableParameters > 0);
}

void MainWindowTest::presetLoadsTheLectureSettingsAndKeepsTheData() {
    tl::test::TempDir folder;
    MainWindow window;
    window.openDemo(folder.path());
    QVERIFY(waitUntilReady(window));
    const auto data = window.currentExperiment().data;
    QAction* preset = nullptr;
    for (auto* action : window.findChildren<QAction*>()) {
        if (action->text().startsWith(QStringLiteral("3 ·"))) preset = action;
    }
    QVERIFY(preset);
    preset->trigger();
    const auto experiment = window.currentExperiment();
    QCOMPARE(experiment.model.backbone, std::string("vgg16"));
    QVERIFY(experiment.training.regime == tl::Regime::FeatureExtraction);
    QCOMPARE(experiment.weights, std::string("imagenet"));
    QCOMPARE(experiment.training.optimizer.learningRate, 2e-5);
    QCOMPARE(experiment.data.root, data.root);
    QCOMPARE(experiment.data.counts.train, data.counts.train);
    QVERIFY(QTest::qWaitFor([&] { return window.modelPanel()->isReady(); }, 60000));
    // VGG16's base frozen, the lecture's head trainable: Flatten(8192) -> Dense(256) -> Dense(1) at 150x150.
    QCOMPARE(window.modelPanel()->nonTrainableParameters(), std::int64_t{14'714'688});
    QCOMPARE(window.modelPanel()->trainableParameters(), std::int64_t{2'097'665});
}

void MainWindowTest::startPauseResumeStopDriveARealRun() {
    tl::test::TinyExperiment tiny;
    tiny.experiment.training.epochs = 400;
    MainWindow window;
    window.show();
    openTiny(window, tiny);
    QVERIFY(waitUntilReady(window));
    auto* controller = window.controller();
    QSignalSpy finished(controller, &tl::ui::TrainingController::finished);
    QSignalSpy epochs(controller, &tl::ui::TrainingController::epochEnded);

    auto* train = window.trainPanel();
    QAction* pause = train->pauseAction();
    // Idle: only Start can be used, and the Run menu says so.
    QVERIFY(train->startAction()->isEnabled());
    QVERIFY(!pause->isEnabled());
    QVERIFY(!train->stopAction()->isEnabled());
    QCOMPARE(pause->shortcut(), QKeySequence(QStringLiteral("Ctrl+P")));

    auto* start = buttonFor(train, QStringLiteral("StartRun"));
    QVERIFY(start);
    QTest::mouseClick(start, Qt::LeftButton);
    QVERIFY(controller->isRunning());
    QVERIFY(!start->isEnabled());
    QVERIFY(epochs.wait(30000));
    QTRY_VERIFY_WITH_TIMEOUT(window.chartsPanel()->redrawCount() > 0, 10000);

    // Ctrl+P pauses and resumes, twice, from another tab; the button does the same.
    window.tabs()->setCurrentIndex(0);
    QVERIFY(QTest::qWaitForWindowActive(&window));
    for (int round = 0; round < 2; ++round) {
        press(window, QKeySequence(QStringLiteral("Ctrl+P")));
        QTRY_VERIFY(controller->isPaused());
        QVERIFY(pause->isChecked());
        QCOMPARE(pause->text(), QStringLiteral("&Resume"));
        QCOMPARE(pause->shortcut(), QKeySequence(QStringLiteral("Ctrl+P")));
        press(window, QKeySequence(QStringLiteral("Ctrl+P")));
        QTRY_VERIFY(!controller->isPaused());
        QVERIFY(!pause->isChecked());
    }
    window.tabs()->setCurrentIndex(2);
    QTest::mouseClick(buttonFor(train, QStringLiteral("PauseRun")), Qt::LeftButton);
    QTRY_VERIFY(controller->isPaused());
    QTest::mouseClick(buttonFor(train, QStringLiteral("PauseRun")), Qt::LeftButton);
    QTRY_VERIFY(!controller->isPaused());

    QTest::mouseClick(buttonFor(train, QStringLiteral("StopRun")), Qt::LeftButton);
    QVERIFY(finished.wait(30000));
    const auto outcome = finished.last().at(0).value<tl::ui::RunOutcome>();
    QVERIFY(outcome.status == tl::RunStatus::Stopped);
    QVERIFY(start->isEnabled());
    const auto run = tl::RunFolder::open(onlyRun(tiny.runsRoot()));
    QVERIFY(run.readSummary().status == tl::RunStatus::Stopped);
    QVERIFY(!run.readMetrics().empty());
}

void MainWindowTest::closingDuringARunStopsItAndKeepsWhatWasMeasured() {
    tl::test::TinyExperiment tiny;
    tiny.experiment.training.epochs = 400;
    auto* window = new MainWindow;
    window->setAttribute(Qt::WA_DeleteOnClose);
    window->show();
    openTiny(*window, tiny);
    QVERIFY(waitUntilReady(*window));
    QSignalSpy epochs(window->controller(), &tl::ui::TrainingController::epochEnded);
    window->startRun();
    QVERIFY(epochs.wait(30000));

    // Answer "Yes" to "Stop the run and quit?" once the question shows.
    QTimer answer;
    connect(&answer, &QTimer::timeout, &answer, [] {
        if (auto* box = qobject_cast<QMessageBox*>(QApplication::activeModalWidget()))
            box->button(QMessageBox::Yes)->click();
    });
    answer.start(20);
    QVERIFY(window->close());
    answer.stop();

    const auto run = tl::RunFolder::open(onlyRun(tiny.runsRoot()));
    const auto summary = run.readSummary();
    QVERIFY(summary.status == tl::RunStatus::Stopped);
    QVERIFY(summary.epochsCompleted >= 1);
    QCOMPARE(static_cast<int>(run.readMetrics().size()), summary.epochsCompleted);
    QVERIFY(std::filesystem::exists(run.checkpointFile()));
}

void MainWindowTest::featureExtractionThenFineTuningWithoutTheCommandLine() {
    // The lesson's path through the window: feature extraction with augmentation, then
    // fine-tuning that run with the last base layer unfrozen.
    tl::test::TinyExperiment tiny;
    tiny.experiment.training.epochs = 2;
    MainWindow window;
    openTiny(window, tiny);
    QVERIFY(waitUntilReady(window));
    QSignalSpy finished(window.controller(), &tl::ui::TrainingController::finished);
    auto* regime = window.trainPanel()->findChild<QComboBox*>(QStringLiteral("Regime"));
    QVERIFY(regime);

    regime->setCurrentIndex(regime->findData(static_cast<int>(tl::Regime::FeatureExtractionAug)));
    QVERIFY(window.currentExperiment().freeze.base == tl::FreezePlan::Base::Frozen);
    window.startRun();
    QVERIFY(finished.wait(60000));
    const auto extraction = finished.last().at(0).value<tl::ui::RunOutcome>();
    QVERIFY(extraction.status == tl::RunStatus::Completed);

    regime->setCurrentIndex(regime->findData(static_cast<int>(tl::Regime::FineTune)));
    auto* tree = window.modelPanel()->layerTree();
    auto* base = tree->topLevelItem(0);
    QString lastWeighted;
    for (int i = 0; i < base->childCount(); ++i) {
        if (base->child(i)->flags() & Qt::ItemIsUserCheckable) lastWeighted = base->child(i)->text(0);
    }
    tree->unfreezeFrom(lastWeighted);
    const auto experiment = window.currentExperiment();
    QVERIFY(experiment.training.regime == tl::Regime::FineTune);
    QCOMPARE(QString::fromStdString(experiment.training.initFromRun.string()), extraction.folder);
    QVERIFY(experiment.freeze.base == tl::FreezePlan::Base::TrainableFrom);

    window.startRun();
    // Until its first batch, the new run shows none of the last run's progress.
    auto* runProgress = window.trainPanel()->findChild<QProgressBar*>(QStringLiteral("RunProgress"));
    QVERIFY(runProgress);
    QCOMPARE(runProgress->value(), 0);
    QVERIFY2(!runProgress->text().contains(QStringLiteral("100")), qPrintable(runProgress->text()));
    QVERIFY(finished.wait(60000));
    const auto fineTuning = finished.last().at(0).value<tl::ui::RunOutcome>();
    QVERIFY2(fineTuning.status == tl::RunStatus::Completed, qPrintable(fineTuning.error));
    const auto summary = tl::RunFolder::open(fineTuning.folder.toStdString()).readSummary();
    QCOMPARE(summary.regime, std::string("fine-tune"));
    QCOMPARE(summary.epochsCompleted, 2);

    // File > Open Run shows what the first run recorded, read back from its folder.
    window.chartsPanel()->clear();
    QVERIFY(window.openRun(extraction.folder.toStdString()));
    const auto* charts = window.chartsPanel();
    QCOMPARE(charts->lossChart()->rawSeries(tl::ui::ChartsPanel::kValidation)->count(), 2);
    const auto recorded = tl::RunFolder::open(extraction.folder.toStdString()).readBatches();
    QVERIFY(!recorded.empty());
    QCOMPARE(charts->batchChart()->rawSeries(tl::ui::ChartsPanel::kTraining)->count(),
             static_cast<int>(recorded.size()));

    // The Runs tab lists both runs from the runs database; a run opens from it.
    QSignalSpy listed(window.runsPanel(), &tl::ui::RunsPanel::refreshed);
    window.tabs()->setCurrentWidget(window.runsPanel());
    QVERIFY(listed.wait(10000));
    auto* runs = window.runsPanel()->table()->model();
    QCOMPARE(runs->rowCount(), 2);
    QStringList regimes;
    for (int row = 0; row < runs->rowCount(); ++row) {
        regimes.append(runs->index(row, tl::ui::RunTableModel::Regime).data().toString());
    }
    regimes.sort();
    QCOMPARE(regimes, (QStringList{QStringLiteral("fe-aug"), QStringLiteral("fine-tune")}));
    window.chartsPanel()->clear();
    Q_EMIT window.runsPanel()->openRunRequested(fineTuning.folder);
    QCOMPARE(window.tabs()->currentIndex(), 2);
    QCOMPARE(charts->lossChart()->rawSeries(tl::ui::ChartsPanel::kValidation)->count(), 2);
}

void MainWindowTest::fineTuningOffersTheNewestCompatibleRun() {
    tl::test::TinyExperiment tiny;
    const auto makeRun = [&](const std::string& name, const std::string& startedAt, const std::string& backbone) {
        auto run = tl::RunFolder::create(tiny.runsRoot(), name);
        tl::saveExperiment(tiny.experiment, run.experimentFile());
        tl::RunSummary summary;
        summary.status = tl::RunStatus::Completed;
        summary.backbone = backbone;
        summary.classes = {"cat", "dog"};
        summary.startedAt = startedAt;
        run.writeSummary(summary);
        std::ofstream(run.checkpointFile()) << "checkpoint";
        return tl::ui::toQString(run.path());
    };
    makeRun("oldest", "2026-01-01T09:00:00Z", "tiny");
    const auto newestCompatible = makeRun("wanted", "2026-01-02T09:00:00Z", "tiny");
    makeRun("other-backbone", "2026-01-03T09:00:00Z", "vgg16");

    MainWindow window;
    openTiny(window, tiny);
    QVERIFY(waitUntilReady(window));
    auto* regime = window.trainPanel()->findChild<QComboBox*>(QStringLiteral("Regime"));
    regime->setCurrentIndex(regime->findData(static_cast<int>(tl::Regime::FineTune)));
    auto* source = window.trainPanel()->findChild<QComboBox*>(QStringLiteral("SourceRun"));
    QVERIFY(source);
    QCOMPARE(source->count(), 3);
    QTRY_COMPARE(source->currentData().toString(), newestCompatible);
    QVERIFY(source->itemText(0).contains(QStringLiteral("another backbone")));
}

void MainWindowTest::windowStaysResponsiveWhileTrainingAndCharting() {
    // The event loop's latency while a real run trains and the charts follow it.
    tl::test::TinyExperiment tiny(40);
    tiny.experiment.data.counts = {30, 5, 5};
    tiny.experiment.training.epochs = 12;
    tiny.experiment.training.batchSize = 2;
    MainWindow window;
    window.resize(1200, 800);
    window.show();
    openTiny(window, tiny);
    QVERIFY(waitUntilReady(window));
    window.tabs()->setCurrentIndex(2);
    QSignalSpy finished(window.controller(), &tl::ui::TrainingController::finished);

    tl::test::EventLoopProbe probe;
    window.startRun();
    probe.start();
    QVERIFY(finished.wait(120000));
    probe.stop();

    QVERIFY(finished.last().at(0).value<tl::ui::RunOutcome>().status == tl::RunStatus::Completed);
    QVERIFY(window.chartsPanel()->redrawCount() > 2);
    QVERIFY(probe.ticks() > 20);
    const auto p95 = probe.percentile(0.95);
    qInfo(
        "window event loop latency over %zu ticks (180 batches): median %lld ms, 95th percentile %lld ms, max %lld ms",
        probe.ticks(), probe.percentile(0.5), p95, probe.percentile(1.0));
    QVERIFY2(p95 < 50, qPrintable(QStringLiteral("95th percentile latency %1 ms").arg(p95)));
}

void MainWindowTest::aStoppedRunResumesWithItsCurves() {
    tl::test::TinyExperiment tiny;
    tiny.experiment.training.epochs = 4;
    tl::TrainingControl control;
    tl::RunRequest request;
    request.runsRoot = tiny.runsRoot();
    request.control = &control;
    request.callbacks.onEpochEnd = [&](const tl::EpochMetrics& epoch) {
        if (epoch.epoch == 2) control.requestStop();
    };
    const auto stopped = tl::runExperiment(tiny.experiment, request);
    QVERIFY(stopped.summary.status == tl::RunStatus::Stopped);

    MainWindow window;
    window.show();
    QSignalSpy finished(window.controller(), &tl::ui::TrainingController::finished);
    window.resumeRun(tl::ui::toQString(stopped.folder));
    QVERIFY(finished.wait(60000));
    const auto outcome = finished.last().at(0).value<tl::ui::RunOutcome>();
    QVERIFY2(outcome.status == tl::RunStatus::Completed, qPrintable(outcome.error));
    QCOMPARE(outcome.folder, tl::ui::toQString(stopped.folder));
    QCOMPARE(outcome.epochsCompleted, 4);
    QTRY_COMPARE_WITH_TIMEOUT(window.chartsPanel()->lossChart()->rawSeries(tl::ui::ChartsPanel::kTraining)->count(), 4,
                              5000);
}

QTEST_MAIN(MainWindowTest)
#include "MainWindowTest.moc"
