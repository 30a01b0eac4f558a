#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTest>
#include <QTimer>
#include <algorithm>
#include <filesystem>

#include "EventLoopProbe.h"
#include "core/runs/RunFolder.h"
#include "support/TrainingFixture.h"
#include "ui/runner/TrainingController.h"

using tl::ui::RunOutcome;
using tl::ui::TrainingController;

class TrainingControllerTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void runsToTheEndAndReportsEveryBatchAndEpoch();
    void pauseHoldsTheRunAndResumeFinishesIt();
    void stopEndsTheRunAndKeepsWhatItMeasured();
    void coreErrorsArriveAsAFailedOutcome();
    void destroyingTheControllerStopsTheRun();
    void eventLoopStaysResponsiveDuringTraining();
};

namespace {

RunOutcome outcomeOf(const QSignalSpy& spy) {
    return spy.last().at(0).value<RunOutcome>();
}

}  // namespace

void TrainingControllerTest::runsToTheEndAndReportsEveryBatchAndEpoch() {
    tl::test::TinyExperiment tiny;
    TrainingController controller;
    QSignalSpy batches(&controller, &TrainingController::batchEnded);
    QSignalSpy epochs(&controller, &TrainingController::epochEnded);
    QSignalSpy finished(&controller, &TrainingController::finished);

    QVERIFY(controller.start(tiny.experiment, tiny.runsRoot()));
    QVERIFY(controller.isRunning());
    QVERIFY(!controller.start(tiny.experiment, tiny.runsRoot()));  // one run at a time
    QVERIFY(finished.wait(60000));

    const auto outcome = outcomeOf(finished);
    QVERIFY(outcome.status == tl::RunStatus::Completed);
    QCOMPARE(outcome.epochsCompleted, 4);
    QCOMPARE(epochs.size(), 4);
    // 16 training images in batches of 4, four epochs.
    QCOMPARE(batches.size(), 16);
    const auto last = batches.last().at(0).value<tl::BatchMetrics>();
    QCOMPARE(last.globalBatch, 16);
    QCOMPARE(last.totalBatches, 16);
    QVERIFY(std::filesystem::exists(std::filesystem::path(outcome.folder.toStdString()) / "model.pt"));
    QVERIFY(!controller.isRunning());
}

void TrainingControllerTest::pauseHoldsTheRunAndResumeFinishesIt() {
    tl::test::TinyExperiment tiny;
    tiny.experiment.training.epochs = 3;
    TrainingController controller;
    QSignalSpy batches(&controller, &TrainingController::batchEnded);
    QSignalSpy finished(&controller, &TrainingController::finished);
    QSignalSpy paused(&controller, &TrainingController::pausedChanged);

    // Pause as soon as the first batch is reported.
    connect(
        &controller, &TrainingController::batchEnded, &controller,
        [&controller] {
            if (!controller.isPaused()) controller.pause();
        },
        Qt::SingleShotConnection);
    QVERIFY(controller.start(tiny.experiment, tiny.runsRoot()));
    QTRY_VERIFY_WITH_TIMEOUT(controller.isPaused(), 30000);
    // While paused the worker waits at its next checkpoint: at most one more batch arrives.
    const auto seenWhenPaused = batches.size();
    QTest::qWait(300);
    QVERIFY(batches.size() <= seenWhenPaused + 1);
    QVERIFY(finished.isEmpty());

    controller.resume();
    QVERIFY(finished.wait(60000));
    QVERIFY(outcomeOf(finished).status == tl::RunStatus::Completed);
    QCOMPARE(batches.size(), 12);
    QCOMPARE(paused.size(), 2);
    QCOMPARE(paused.at(0).at(0).toBool(), true);
    QCOMPARE(paused.at(1).at(0).toBool(), false);
}

void TrainingControllerTest::stopEndsTheRunAndKeepsWhatItMeasured() {
    tl::test::TinyExperiment tiny;
    tiny.experiment.training.epochs = 200;
    TrainingController controller;
    QSignalSpy finished(&controller, &TrainingController::finished);
    connect(&controller, &TrainingController::epochEnded, &controller, [&controller](const tl::EpochMetrics& epoch) {
        if (epoch.epoch == 2) controller.stop();
    });
    QVERIFY(controller.start(tiny.experiment, tiny.runsRoot()));
    QVERIFY(finished.wait(60000));

    const auto outcome = outcomeOf(finished);
    QVERIFY(outcome.status == tl::RunStatus::Stopped);
    QVERIFY(outcome.epochsCompleted >= 2);
    QVERIFY(outcome.epochsCompleted < 200);
    const auto folder = tl::RunFolder::open(outcome.folder.toStdString());
    QVERIFY(folder.readSummary().status == tl::RunStatus::Stopped);
    QCOMPARE(static_cast<int>(folder.readMetrics().size()), outcome.epochsCompleted);
}

void TrainingControllerTest::coreErrorsArriveAsAFailedOutcome() {
    tl::test::TinyExperiment tiny;
    tiny.experiment.model.backbone = "no_such_backbone";
    TrainingController controller;
    QSignalSpy finished(&controller, &TrainingController::finished);
    QVERIFY(controller.start(tiny.experiment, tiny.runsRoot()));
    QVERIFY(finished.wait(60000));
    const auto outcome = outcomeOf(finished);
    QVERIFY(outcome.status == tl::RunStatus::Failed);
    QVERIFY2(outcome.error.contains(QStringLiteral("no_such_backbone")), qPrintable(outcome.error));

    // The controller takes the next run after a failure.
    tiny.experiment.model.backbone = "tiny";
    tiny.experiment.training.epochs = 1;
    QVERIFY(controller.start(tiny.experiment, tiny.runsRoot()));
    QVERIFY(finished.wait(60000));
    QVERIFY(outcomeOf(finished).status == tl::RunStatus::Completed);
}

void TrainingControllerTest::destroyingTheControllerStopsTheRun() {
    tl::test::TinyExperiment tiny;
    tiny.experiment.training.epochs = 500;
    {
        TrainingController controller;
        QSignalSpy epochs(&controller, &TrainingController::epochEnded);
        QVERIFY(controller.start(tiny.experiment, tiny.runsRoot()));
        QVERIFY(epochs.wait(30000));
    }  // the destructor stops the run and waits for it
    std::vector<std::filesystem::path> runs;
    for (const auto& entry : std::filesystem::directory_iterator(tiny.runsRoot())) runs.push_back(entry.path());
    QCOMPARE(runs.size(), std::size_t{1});
    const auto folder = tl::RunFolder::open(runs.front());
    QVERIFY(folder.readSummary().status == tl::RunStatus::Stopped);
    QVERIFY(folder.readSummary().epochsCompleted >= 1);
}

void TrainingControllerTest::eventLoopStaysResponsiveDuringTraining() {
    tl::test::TinyExperiment tiny(40);
    tiny.experiment.data.counts = {30, 5, 5};
    tiny.experiment.training.epochs = 8;
    TrainingController controller;
    QSignalSpy finished(&controller, &TrainingController::finished);
    QSignalSpy batches(&controller, &TrainingController::batchEnded);

    tl::test::EventLoopProbe probe;
    QVERIFY(controller.start(tiny.experiment, tiny.runsRoot()));
    probe.start();
    QVERIFY(finished.wait(120000));
    probe.stop();

    QVERIFY(outcomeOf(finished).status == tl::RunStatus::Completed);
    QVERIFY(batches.size() > 50);
    QVERIFY(probe.ticks() > 20);
    const auto p95 = probe.percentile(0.95);
    qInfo("event loop latency over %zu ticks: median %lld ms, 95th percentile %lld ms, max %lld ms", probe.ticks(),
          probe.percentile(0.5), p95, probe.percentile(1.0));
    QVERIFY2(p95 < 50, qPrintable(QStringLiteral("95th percentile latency %1 ms").arg(p95)));
}

QTEST_MAIN(TrainingControllerTest)
#include "TrainingControllerTest.moc"
