#include "ui/runner/TrainingWorker.h"

#include <QCoreApplication>
#include <exception>

#if defined(__linux__)
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>
#endif

#include "core/runs/RunFolder.h"
#include "core/training/ExperimentRunner.h"
#include "core/training/LocalRanks.h"
#include "core/util/UserMessage.h"

namespace tl::ui {
namespace {

/// How much lower than the window's the training threads' CPU priority is (a nice increment).
constexpr int kTrainingNiceness = 10;

/// Lowers the CPU priority of the calling thread, and so of every thread it starts afterwards
/// (LibTorch's OpenMP team, the batch prefetcher): on two cores the window would otherwise get a
/// third of the CPU while training runs and stutter. Training still gets every cycle the window
/// does not use. Linux only: elsewhere nothing changes.
void lowerTrainingPriority() {
#if defined(__linux__)
    static thread_local bool lowered = false;
    if (lowered) return;
    const auto thread = static_cast<id_t>(::syscall(SYS_gettid));
    ::setpriority(PRIO_PROCESS, thread, ::getpriority(PRIO_PROCESS, thread) + kTrainingNiceness);
    lowered = true;
#endif
}

}  // namespace

void TrainingWorker::run(const tl::Experiment& experiment, const std::filesystem::path& runsRoot,
                         std::shared_ptr<tl::TrainingControl> control, const std::filesystem::path& resumeFolder,
                         int processes) {
    lowerTrainingPriority();
    tl::RunRequest request;
    request.runsRoot = runsRoot;
    request.control = control.get();
    request.callbacks.onBatchEnd = [this](const tl::BatchMetrics& batch) { Q_EMIT batchEnded(batch); };
    request.callbacks.onEpochEnd = [this](const tl::EpochMetrics& epoch) { Q_EMIT epochEnded(epoch); };
    request.callbacks.onProgress = [this](const tl::PhaseProgress& progress) { Q_EMIT progressed(progress); };
    request.callbacks.onLog = [this](const std::string& line) { Q_EMIT logged(QString::fromStdString(line)); };

    RunOutcome outcome;
    try {
        const auto rankProgram =
            std::filesystem::path(QCoreApplication::applicationDirPath().toStdString()) / "transferlab-cli";
        const auto result = !resumeFolder.empty() ? tl::resumeRun(resumeFolder, request)
                            : processes > 1       ? tl::runOnLocalRanks(experiment, request, processes, rankProgram)
                                                  : tl::runExperiment(experiment, request);
        outcome.folder = QString::fromStdString(result.folder.string());
        outcome.status = result.summary.status;
        outcome.error = QString::fromStdString(result.summary.error);
        outcome.epochsCompleted = result.summary.epochsCompleted;
        outcome.seconds = result.summary.seconds;
        outcome.validationAccuracy = result.summary.last.validationAccuracy;
    } catch (const tl::RunFailed& error) {
        outcome.folder = QString::fromStdString(error.folder().string());
        outcome.status = tl::RunStatus::Failed;
        outcome.error = QString::fromStdString(tl::userMessage(error));
        try {  // what the failed run kept
            const auto summary = tl::RunFolder::open(error.folder()).readSummary();
            outcome.epochsCompleted = summary.epochsCompleted;
            outcome.seconds = summary.seconds;
            outcome.validationAccuracy = summary.last.validationAccuracy;
        } catch (const std::exception&) {
            // No readable summary: the outcome says only that it failed.
        }
    } catch (const std::exception& error) {
        outcome.status = tl::RunStatus::Failed;
        outcome.error = QString::fromStdString(tl::userMessage(error));
    } catch (...) {
        outcome.status = tl::RunStatus::Failed;
        outcome.error = QStringLiteral("unknown error");
    }
    Q_EMIT finished(outcome);
}

}  // namespace tl::ui
