// The main window's settings: what the panels show reaches the experiment, follows the user's
// choices and survives the window. Runs themselves are in MainWindowTest.cpp.
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QSettings>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTest>
#include <filesystem>

#include "WindowTestHelpers.h"
#include "core/training/ExperimentFile.h"
#include "core/util/Error.h"
#include "support/TempDir.h"
#include "support/TrainingFixture.h"
#include "ui/app/MainWindow.h"
#include "ui/charts/ChartsPanel.h"
#include "ui/common/PathText.h"
#include "ui/common/SeedEdit.h"
#include "ui/data/DataPanel.h"
#include "ui/model/ModelPanel.h"
#include "ui/train/TrainPanel.h"

using tl::test::openTiny;
using tl::test::waitUntilReady;
using tl::ui::MainWindow;

class MainWindowSettingsTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void anUnusableLearningRateIsRefusedNotReplaced();
    void inputSizeAndPreprocessingFollowTheBackboneUnlessSetByHand();
    void aFolderOpenedAfterAnExperimentKeepsItsRunsApart();
    void settingsPersistAcrossWindows();
    void largeSeedsSurviveTheWindow();
    void precisionAndPoolSurviveTheWindowAndFollowTheRegime();
    void severalProcessesTrainWithoutPause();
};

void MainWindowSettingsTest::initTestCase() {
    QStandardPaths::setTestModeEnabled(true);  // QSettings and data folders of the test, not the user's
}

void MainWindowSettingsTest::anUnusableLearningRateIsRefusedNotReplaced() {
    tl::test::TinyExperiment tiny;
    MainWindow window;
    openTiny(window, tiny);
    auto* rate = window.trainPanel()->findChild<QLineEdit*>(QStringLiteral("LearningRate"));
    QVERIFY(rate);
    for (const auto* text : {"1000", "abc", ""}) {
        rate->setText(QString::fromLatin1(text));
        const auto experiment = window.currentExperiment();
        QVERIFY2(experiment.training.optimizer.learningRate != tiny.experiment.training.optimizer.learningRate, text);
        QVERIFY_THROWS_EXCEPTION(tl::Error, tl::validateExperiment(experiment, "the experiment"));
    }
    rate->setText(QStringLiteral("2e-5"));
    QCOMPARE(window.currentExperiment().training.optimizer.learningRate, 2e-5);
}

void MainWindowSettingsTest::inputSizeAndPreprocessingFollowTheBackboneUnlessSetByHand() {
    tl::test::TinyExperiment tiny;  // tiny at 32x32, x/255
    tiny.experiment.weights = "imagenet";
    MainWindow window;
    openTiny(window, tiny);
    auto* panel = window.modelPanel();
    auto* backbone = panel->findChild<QComboBox*>(QStringLiteral("Backbone"));
    auto* width = panel->findChild<QSpinBox*>(QStringLiteral("InputWidth"));
    QVERIFY(backbone && width);
    backbone->setCurrentText(QStringLiteral("mobilenet_v1"));
    auto experiment = window.currentExperiment();
    QCOMPARE(experiment.model.input.width, 224);
    QCOMPARE(experiment.model.input.height, 224);
    QVERIFY(experiment.preprocessing == tl::Preprocessing::Tf);  // Keras' MobileNet weights
    const auto dataName = tiny.dataRoot().filename().string();
    QCOMPARE(experiment.name, dataName + "-mobilenet_v1-scratch");  // the run is named after what it is
    backbone->setCurrentText(QStringLiteral("resnet18"));
    QVERIFY(window.currentExperiment().preprocessing == tl::Preprocessing::Torchvision);
    backbone->setCurrentText(QStringLiteral("inception_v3"));
    QCOMPARE(window.currentExperiment().model.input.width, 299);

    // A size and a name typed by the user stay when the backbone changes again.
    width->setValue(96);
    auto* name = window.trainPanel()->findChild<QLineEdit*>(QStringLiteral("RunName"));
    QVERIFY(name);
    name->clear();
    QTest::keyClicks(name, QStringLiteral("mine"));
    backbone->setCurrentText(QStringLiteral("vgg16"));
    QCOMPARE(window.currentExperiment().model.input.width, 96);
    QCOMPARE(window.currentExperiment().name, std::string("mine"));
}

void MainWindowSettingsTest::aFolderOpenedAfterAnExperimentKeepsItsRunsApart() {
    tl::test::TinyExperiment tiny;
    MainWindow window;
    openTiny(window, tiny);
    QCOMPARE(window.runsRoot(), tiny.runsRoot());
    tl::test::TinyExperiment other;
    QVERIFY(window.openPath(tl::ui::toQString(other.dataRoot())));
    // The dataset's runs go to the user's runs folder, not the experiment's, and the panel says where.
    QVERIFY(window.runsRoot() != tiny.runsRoot());
    QCOMPARE(window.runsRoot().filename().string(), std::string("runs"));
    auto* saved = window.trainPanel()->findChild<QLabel*>(QStringLiteral("RunsFolder"));
    QVERIFY(saved);
    QCOMPARE(saved->text(), tl::ui::toQString(window.runsRoot()));
    QVERIFY(window.currentExperiment().data.layout == tl::DatasetLayout::Auto);
}

void MainWindowSettingsTest::settingsPersistAcrossWindows() {
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

void MainWindowSettingsTest::largeSeedsSurviveTheWindow() {
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

void MainWindowSettingsTest::precisionAndPoolSurviveTheWindowAndFollowTheRegime() {
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

void MainWindowSettingsTest::severalProcessesTrainWithoutPause() {
    MainWindow window;
    auto* train = window.trainPanel();
    auto* processes = train->findChild<QSpinBox*>(QStringLiteral("Processes"));
    QVERIFY(processes);
    QCOMPARE(train->processes(), 1);
    QVERIFY(!processes->toolTip().isEmpty());
    train->setRunState(true, false);
    QVERIFY(train->pauseAction()->isEnabled());
    QVERIFY2(!processes->isEnabled(), "the choice is fixed while a run trains");
    train->setRunState(false, false);
    processes->setValue(2);
    QCOMPARE(train->processes(), 2);
    train->setRunState(true, false);
    QVERIFY(!train->pauseAction()->isEnabled());
    QVERIFY(train->stopAction()->isEnabled());
    train->setRunState(false, false);
}

QTEST_MAIN(MainWindowSettingsTest)
#include "MainWindowSettingsTest.moc"
