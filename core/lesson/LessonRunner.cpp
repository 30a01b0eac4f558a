#include "core/lesson/LessonRunner.h"

#include <algorithm>
#include <chrono>

#include "core/runs/RunFolder.h"
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
    const auto started = std::chrono::steady_clock::now();
    LessonResult row = unmeasuredLessonResult(step);
    try {
        RunRequest request;
        request.runsRoot = options.folder / "runs";
        request.callbacks = callbacks.training;
        request.control = control;
        row = measureLessonStep(step, runExperiment(step.experiment, request).folder, control);
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

LessonResult unmeasuredLessonResult(const LessonStep& step) {
    LessonResult row;
    row.title = step.title;
    row.regime = std::string(toString(step.experiment.training.regime));
    row.lectureAccuracy = step.lectureAccuracy;
    return row;
}

LessonResult measureLessonStep(const LessonStep& step, const std::filesystem::path& runFolder,
                               TrainingControl* control) {
    const auto run = RunFolder::open(runFolder);
    const auto summary = run.readSummary();
    LessonResult row = unmeasuredLessonResult(step);
    row.status = summary.status;
    row.error = summary.error;
    row.runFolder = runFolder;
    row.epochs = summary.epochsCompleted;
    row.seconds = summary.seconds;
    row.validationAccuracy = plateau(run.readMetrics());
    row.bestValidationAccuracy = summary.best.validationAccuracy;
    if (row.epochs > 0) {
        row.testAccuracy =
            evaluateRun(runFolder, SplitName::Test, {}, control, step.experiment.training.threads).accuracy;
    }
    return row;
}

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
                auto skipped = unmeasuredLessonResult(step);
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
