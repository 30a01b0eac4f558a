#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QSpinBox>
#include <QElapsedTimer>
#include <QMessageBox>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTest>
#include <QTimer>
#include <QTabWidget>
#include <algorithm>
#include <QTreeWidget>
#include <filesystem>

#include "EventLoopProbe.h"
#include "core/models/Model.h"
#include "core/runs/RunFolder.h"
#include "support/TempDir.h"
#include "support/TrainingFixture.h"
#include "ui/app/MainWindow.h"
#include "ui/charts/ChartsPanel.h"
#include "ui/data/DataPanel.h"
#include "ui/model/LayerTree.h"
#include "ui/model/ModelPanel.h"
#include "ui/train/TrainPanel.h"
#include "ui/training/TrainingController.h"

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
    void settingsPersistAcrossWindows();
    void largeSeedsSurviveTheWindow();
    void precisionAndPoolSurviveTheWindowAndFollowTheRegime();
    void windowStaysResponsiveWhileTrainingAndCharting();
};

namespace {

QPushButton* buttonNamed(QWidget* parent, const QString& text) {
    for (auto* button : parent->findChildren<QPushButton*>()) {
        if (button->text() == text) return button;
    }
    return nullptr;
}

/// Waits until the window shows a scanned dataset and a built model.
bool waitUntilReady(MainWindow& window) {
    return QTest::qWaitFor([&] { return window.dataPanel()->dataset() && window.modelPanel()->isReady(); }, 60000);
}

/// Opens the tiny test experiment (fast to train) in the window.
void openTiny(MainWindow& window, tl::test::TinyExperiment& tiny) {
    window.openExperiment(tiny.experiment, tiny.runsRoot());
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

void MainWindowTest::largeSeedsSurviveTheWindow() {
    // Experiment files hold 64-bit seeds; the window must hand them back unchanged.
    tl::test::TinyExperiment tiny;
    tiny.experiment.training.seed = 12'345'678'901'234ULL;
    tiny.experiment.data.splitSeed = 18'446'744'073'709'551'615ULL;
    MainWindow window;
    openTiny(window, tiny);
    QVERIFY(waitUntilReady(window));
    const auto experiment = window.currentExperiment();
    QCOMPARE(experiment.training.seed, std::uint64_t{12'345'678'901'234ULL});
    QCOMPARE(experiment.data.splitSeed, std::uint64_t{18'446'744'073'709'551'615ULL});
    auto* seed = window.findChild<QLineEdit*>(QStringLiteral("trainingSeed"));
    QVERIFY(seed);
    QCOMPARE(seed->text(), QStringLiteral("12345678901234"));
}

void MainWindowTest::precisionAndPoolSurviveTheWindowAndFollowTheRegime() {
    tl::test::TinyExperiment tiny;
    tiny.experiment.training.regime = tl::Regime::FeatureExtractionAug;
    tiny.experiment.training.precision = tl::Precision::Fp32;
    tiny.experiment.training.augmentationPool = 7;
    MainWindow window;
    openTiny(window, tiny);
    QVERIFY(waitUntilReady(window));
    auto experiment = window.currentExperiment();
    QCOMPARE(experiment.training.augmentationPool, 7);
    QVERIFY(experiment.training.precision == tl::Precision::Fp32);
    auto* pool = window.trainPanel()->findChild<QSpinBox*>(QStringLiteral("AugmentationPool"));
    auto* precision = window.trainPanel()->findChild<QComboBox*>(QStringLiteral("Precision"));
    auto* regime = window.trainPanel()->findChild<QComboBox*>(QStringLiteral("Regime"));
    QVERIFY(pool && precision && regime);
    QVERIFY(pool->isEnabled());
    precision->setCurrentIndex(precision->findData(static_cast<int>(tl::Precision::Bf16)));
    QVERIFY(window.currentExperiment().training.precision == tl::Precision::Bf16);
    // From scratch has no frozen part to pool over.
    regime->setCurrentIndex(regime->findData(static_cast<int>(tl::Regime::Scratch)));
    QVERIFY(!pool->isEnabled());
    QVERIFY(!pool->toolTip().isEmpty());
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

    auto* start = buttonNamed(window.trainPanel(), QStringLiteral("&Start"));
    QVERIFY(start);
    QTest::mouseClick(start, Qt::LeftButton);
    QVERIFY(controller->isRunning());
    QVERIFY(!start->isEnabled());
    QVERIFY(epochs.wait(30000));
    QTRY_VERIFY_WITH_TIMEOUT(window.chartsPanel()->redrawCount() > 0, 10000);

    QTest::mouseClick(buttonNamed(window.trainPanel(), QStringLiteral("&Pause")), Qt::LeftButton);
    QTRY_VERIFY(controller->isPaused());
    auto* resume = buttonNamed(window.trainPanel(), QStringLiteral("&Resume"));
    QVERIFY(resume);
    QTest::mouseClick(resume, Qt::LeftButton);
    QTRY_VERIFY(!controller->isPaused());

    QTest::mouseClick(buttonNamed(window.trainPanel(), QStringLiteral("S&top")), Qt::LeftButton);
    QVERIFY(finished.wait(30000));
    const auto outcome = finished.last().at(0).value<tl::ui::RunOutcome>();
    QCOMPARE(outcome.status, QStringLiteral("stopped"));
    QVERIFY(start->isEnabled());
    const auto run = tl::RunFolder::open(onlyRun(tiny.runsRoot()));
    QCOMPARE(run.readSummary().status, std::string("stopped"));
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
        if (auto* box = qobject_cast<QMessageBox*>(QApplication::activeModalWidget())) box->button(QMessageBox::Yes)->click();
    });
    answer.start(20);
    QVERIFY(window->close());
    answer.stop();

    const auto run = tl::RunFolder::open(onlyRun(tiny.runsRoot()));
    const auto summary = run.readSummary();
    QCOMPARE(summary.status, std::string("stopped"));
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
    QCOMPARE(extraction.status, QStringLiteral("completed"));

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
    QVERIFY(finished.wait(60000));
    const auto fineTuning = finished.last().at(0).value<tl::ui::RunOutcome>();
    QVERIFY2(fineTuning.status == QStringLiteral("completed"), qPrintable(fineTuning.error));
    const auto summary = tl::RunFolder::open(fineTuning.folder.toStdString()).readSummary();
    QCOMPARE(summary.regime, std::string("fine-tune"));
    QCOMPARE(summary.epochsCompleted, 2);
}

void MainWindowTest::settingsPersistAcrossWindows() {
    {
        MainWindow window;
        window.chartsPanel()->setSmoothing(0.85);
        window.chartsPanel()->setFormula(tl::ui::SmoothingFormula::Lecture);
        window.close();
    }
    MainWindow again;
    QCOMPARE(again.chartsPanel()->smoothing(), 0.85);
    QCOMPARE(again.chartsPanel()->formula(), tl::ui::SmoothingFormula::Lecture);
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

    QCOMPARE(finished.last().at(0).value<tl::ui::RunOutcome>().status, QStringLiteral("completed"));
    QVERIFY(window.chartsPanel()->redrawCount() > 2);
    QVERIFY(probe.ticks() > 20);
    const auto p95 = probe.percentile(0.95);
    qInfo("window event loop latency over %zu ticks (180 batches): median %lld ms, 95th percentile %lld ms, max %lld ms",
          probe.ticks(), probe.percentile(0.5), p95, probe.percentile(1.0));
    QVERIFY2(p95 < 50, qPrintable(QStringLiteral("95th percentile latency %1 ms").arg(p95)));
}

QTEST_MAIN(MainWindowTest)
#include "MainWindowTest.moc"
