#pragma once
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "core/lesson/LessonPlan.h"
#include "core/runs/RunStatus.h"
#include "core/training/TrainingCallbacks.h"
#include "core/training/TrainingControl.h"

namespace tl {

/// One row of the lesson's results table: the lecture's figure beside what was just measured.
struct LessonResult {
    std::string title;
    std::string regime;
    double lectureAccuracy = 0;  ///< 0..1
    RunStatus status = RunStatus::Running;
    /// Mean validation accuracy over the last fifth of the epochs (at least one): the plateau the
    /// lecture reads off its curves, steadier than the single best epoch.
    double validationAccuracy = 0;
    double bestValidationAccuracy = 0;
    double testAccuracy = 0;  ///< of the final model on the test split
    int epochs = 0;           ///< completed
    double seconds = 0;       ///< wall time of the step, evaluation included
    std::filesystem::path runFolder;
    std::string error;  ///< when status is Failed
};

/// The row of `step` before anything is measured: its title, regime and the lecture's figure.
LessonResult unmeasuredLessonResult(const LessonStep& step);

/// The row of a step whose run is in `runFolder` (finished or stopped): its metrics and summary
/// read back, and its model evaluated on the test split when it completed an epoch. `seconds`
/// is the run's wall time. Throws tl::Error when the folder cannot be read.
LessonResult measureLessonStep(const LessonStep& step, const std::filesystem::path& runFolder,
                               TrainingControl* control = nullptr);

/// What the lesson reports, on the calling thread. Any may be empty.
struct LessonCallbacks {
    /// Before step `index` (0-based) of `count` starts.
    std::function<void(int index, int count, const LessonStep& step)> onStepStart;
    TrainingCallbacks training;  ///< each step's batches, epochs, phases and notes
    std::function<void(int index, const LessonResult& result)> onStepEnd;
};

/// Writes the target set when missing, then runs lessonSteps() one after another into
/// folder/runs, fine-tuning from the fourth step's run, and evaluates each on the test split.
/// A stop request ends the current step (kept as "stopped") and skips the rest. A failed step
/// is recorded with its message and the steps that do not depend on it still run. Returns one
/// row per step run.
std::vector<LessonResult> runLesson(const LessonOptions& options, const LessonCallbacks& callbacks,
                                    TrainingControl* control = nullptr);

}  // namespace tl
