#include "core/lesson/LessonRunner.h"

#include <algorithm>
#include <chrono>

#include "core/training/Evaluator.h"
#include "core/training/ExperimentRunner.h"

namespace tl {
namespace {

double plateau(const std::vector<EpochMetrics>& epochs) {
    if (epochs.empty()) return 0;
    const std::size_t count = std::max<std::size_t>(1, epochs.size() / 5);
    double sum = 0;
    for (std::size_t i = epochs.size() - count; i < epochs.size(); ++i) sum += epochs[i].validationAccuracy;
    return sum / static_cast<double>(count);
}

LessonResult runStep(const LessonStep& step, const LessonOptions& options, const LessonCallbacks& callbacks,
                     TrainingControl* control) {
    LessonResult row;
    row.title = step.title;
    row.regime = std::string(toString(step.experiment.training.regime));
    row.lectureAccuracy = step.lectureAccuracy;
    const auto started = std::chrono::steady_clock::now();
    try {
        RunRequest request;
        request.runsRoot = options.folder / "runs";
        request.callbacks = callbacks.training;
        request.control = control;
        const auto run = runExperiment(step.experiment, request);
        row.status = run.summary.status;
        row.runFolder = run.folder;
        row.epochs = run.summary.epochsCompleted;
        row.validationAccuracy = plateau(run.epochs);
        row.bestValidationAccuracy = run.summary.best.validationAccuracy;
        if (row.epochs > 0) {
            row.testAccuracy =
                evaluateRun(run.folder, SplitName::Test, {}, control, step.experiment.training.threads).accuracy;
        }
    } catch (const RunFailed& failure) {
        row.status = RunStatus::Failed;
        row.runFolder = failure.folder();
        row.error = failure.what();
    } catch (const Error& error) {
        row.status = RunStatus::Failed;
        row.error = error.what();
    }
    row.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    return row;
}

}  // namespace

std::vector<LessonResult> runLesson(const LessonOptions& options, const LessonCallbacks& callbacks,
                                    TrainingControl* control) {
    ensureLessonData(options);
    auto steps = lessonSteps(options);
    std::vector<LessonResult> results;
    for (std::size_t i = 0; i < steps.size(); ++i) {
        if (control && control->stopRequested()) break;
        auto& step = steps[i];
        if (step.startsFromPrevious) {
            const auto& previous = results.back();
            if (previous.status != RunStatus::Completed) {
                LessonResult skipped;
                skipped.title = step.title;
                skipped.regime = std::string(toString(step.experiment.training.regime));
                skipped.lectureAccuracy = step.lectureAccuracy;
                skipped.status = RunStatus::Failed;
                skipped.error = "not run: it starts from \"" + previous.title + "\", which did not complete";
                results.push_back(skipped);
                if (callbacks.onStepEnd) callbacks.onStepEnd(static_cast<int>(i), results.back());
                continue;
            }
            step.experiment.training.initFromRun = previous.runFolder;
        }
        if (callbacks.onStepStart) callbacks.onStepStart(static_cast<int>(i), static_cast<int>(steps.size()), step);
        results.push_back(runStep(step, options, callbacks, control));
        if (callbacks.onStepEnd) callbacks.onStepEnd(static_cast<int>(i), results.back());
    }
    return results;
}

}  // namespace tl
