#include "ui/runner/LessonSession.h"

#include "core/util/UserMessage.h"
#include "ui/common/PathText.h"

namespace tl::ui {

void LessonSession::prepare(const tl::LessonOptions& options) {
    tl::ensureLessonData(options);
    options_ = options;
    steps_ = tl::lessonSteps(options);
    results_.clear();
    current_ = -1;
    active_ = false;
}

void LessonSession::begin(const tl::LessonOptions& options) {
    prepare(options);
    active_ = true;
}

std::optional<tl::LessonStep> LessonSession::advance() {
    if (!active_) return std::nullopt;
    const int next = current_ + 1;
    if (next >= static_cast<int>(steps_.size())) {
        end();
        return std::nullopt;
    }
    auto step = steps_[static_cast<std::size_t>(next)];
    if (step.startsFromPrevious) {
        if (results_.empty() || results_.back().status != tl::RunStatus::Completed) {
            end();
            return std::nullopt;
        }
        step.experiment.training.initFromRun = results_.back().runFolder;
    }
    current_ = next;
    Q_EMIT stepStarted(current_, QString::fromStdString(step.title));
    return step;
}

void LessonSession::record(const RunOutcome& outcome) {
    if (!active_ || current_ < 0) return;
    const auto& step = steps_[static_cast<std::size_t>(current_)];
    auto row = tl::unmeasuredLessonResult(step);
    row.status = outcome.status;
    row.error = outcome.error.toStdString();
    if (!outcome.folder.isEmpty()) {
        try {
            row = tl::measureLessonStep(step, toPath(outcome.folder));
        } catch (const std::exception& error) {
            row.status = tl::RunStatus::Failed;
            row.error = tl::userMessage(error);
        }
    }
    results_.push_back(row);
    Q_EMIT stepMeasured(current_, row);
    if (outcome.status == tl::RunStatus::Stopped) end();
}

void LessonSession::cancel() {
    if (active_) end();
}

void LessonSession::end() {
    active_ = false;
    Q_EMIT finished(results_);
}

}  // namespace tl::ui
