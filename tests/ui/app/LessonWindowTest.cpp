// The lesson in the window: opening it shows the first step and the lecture's table; Run the
// Lesson plays real runs into the table, and a stop ends the lesson keeping the row.
#include <QAction>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTest>

#include "WindowTestHelpers.h"
#include "support/TempDir.h"
#include "ui/app/MainWindow.h"
#include "ui/runner/LessonSession.h"
#include "ui/runner/TrainingController.h"
#include "ui/train/LessonTable.h"
#include "ui/train/TrainPanel.h"

using tl::test::waitUntilReady;
using tl::ui::LessonTable;
using tl::ui::MainWindow;

class LessonWindowTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }
    void opensTheLessonOnItsFirstStepWithTheLecturesTable();
    void runTheLessonPlaysARealRunAndAStopEndsIt();
};

void LessonWindowTest::opensTheLessonOnItsFirstStepWithTheLecturesTable() {
    tl::test::TempDir folder;
    MainWindow window;
    window.show();
    window.openLesson(folder.path());
    QVERIFY(waitUntilReady(window));
    const auto experiment = window.currentExperiment();
    QCOMPARE(experiment.model.backbone, std::string("mini_vgg"));
    QVERIFY(experiment.training.regime == tl::Regime::Scratch);
    QCOMPARE(experiment.data.root, folder.path() / "data");
    QCOMPARE(window.runsRoot(), folder.path() / "runs");
    QCOMPARE(window.dataPanel()->dataset()->classes, (std::vector<std::string>{"cat", "dog"}));

    auto* table = window.lessonTable();
    QCOMPARE(table->cellText(0, LessonTable::Lecture), QStringLiteral("70.0%"));
    QCOMPARE(table->cellText(4, LessonTable::Lecture), QStringLiteral("97.0%"));
    QVERIFY(table->cellText(2, LessonTable::Experiment).contains(QStringLiteral("Feature extraction")));
    QCOMPARE(table->cellText(0, LessonTable::Status), QStringLiteral("not run"));
    QVERIFY(table->isVisible());  // the results side shows the Lesson tab
    QVERIFY(!window.lessonSession()->active());
}

void LessonWindowTest::runTheLessonPlaysARealRunAndAStopEndsIt() {
    tl::test::TempDir folder;
    MainWindow window;
    window.show();
    window.openLesson(folder.path());
    QVERIFY(waitUntilReady(window));
    auto* action = window.findChild<QAction*>(QStringLiteral("RunLessonAction"));
    QVERIFY(action);
    QVERIFY(action->isEnabled());
    QCOMPARE(action->shortcut(), QKeySequence(QStringLiteral("Ctrl+L")));

    int epochs = 0;
    QObject::connect(window.controller(), &tl::ui::TrainingController::epochEnded, &window, [&] { ++epochs; });
    action->trigger();
    QVERIFY(window.lessonSession()->active());
    QVERIFY(window.controller()->isRunning());
    QVERIFY(!action->isEnabled());  // one lesson, one run at a time
    QCOMPARE(window.lessonTable()->cellText(0, LessonTable::Status), QStringLiteral("running"));

    QVERIFY(QTest::qWaitFor([&] { return epochs >= 2; }, 120000));
    window.trainPanel()->stopAction()->trigger();
    QVERIFY(QTest::qWaitFor([&] { return !window.lessonSession()->active(); }, 60000));
    QVERIFY(!window.controller()->isRunning());
    auto* table = window.lessonTable();
    QCOMPARE(table->cellText(0, LessonTable::Status), QStringLiteral("stopped"));
    QVERIFY(table->cellText(0, LessonTable::Validation).endsWith(QLatin1Char('%')));
    QVERIFY(table->cellText(0, LessonTable::Test).endsWith(QLatin1Char('%')));
    QCOMPARE(table->cellText(1, LessonTable::Status), QStringLiteral("not run"));
    QVERIFY(action->isEnabled());
}

QTEST_MAIN(LessonWindowTest)
#include "LessonWindowTest.moc"
