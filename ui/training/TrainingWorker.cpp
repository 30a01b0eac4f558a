#include "ui/training/TrainingWorker.h"

#include <exception>

#include "core/training/ExperimentRunner.h"

namespace tl::ui {

void TrainingWorker::run(const tl::Experiment& experiment, const std::filesystem::path& runsRoot,
                         std::shared_ptr<tl::TrainingControl> control) {
    tl::RunRequest request;
    request.runsRoot = runsRoot;
    request.control = control.get();
    request.callbacks.onBatchEnd = [this](const tl::BatchMetrics& batch) { Q_EMIT batchEnded(batch); };
    request.callbacks.onEpochEnd = [this](const tl::EpochMetrics& epoch) { Q_EMIT epochEnded(epoch); };
    request.callbacks.onProgress = [this](const tl::PhaseProgress& progress) { Q_EMIT progressed(progress); };
    request.callbacks.onLog = [this](const std::string& line) { Q_EMIT logged(QString::fromStdString(line)); };

    RunOutcome outcome;
    try {
        const auto result = tl::runExperiment(experiment, request);
        outcome.folder = QString::fromStdString(result.folder.string());
        outcome.status = QString::fromStdString(result.summary.status);
        outcome.error = QString::fromStdString(result.summary.error);
        outcome.epochsCompleted = result.summary.epochsCompleted;
        outcome.seconds = result.summary.seconds;
        outcome.validationAccuracy = result.summary.last.validationAccuracy;
    } catch (const std::exception& error) {
        // c10::Error derives from std::exception; its message can span lines of C++ backtrace.
        const QString message = QString::fromUtf8(error.what());
        outcome.status = QStringLiteral("failed");
        outcome.error = message.section(QLatin1Char('\n'), 0, 0);
    } catch (...) {
        outcome.status = QStringLiteral("failed");
        outcome.error = QStringLiteral("unknown error");
    }
    Q_EMIT finished(outcome);
}

}  // namespace tl::ui
