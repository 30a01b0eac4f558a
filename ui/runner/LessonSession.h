#pragma once
#include <QObject>
#include <QString>
#include <optional>
#include <vector>

#include "core/lesson/LessonRunner.h"
#include "ui/runner/RunOutcome.h"

namespace tl::ui {

/// The window's lesson: the five steps of lessonSteps(), played one run at a time by whoever
/// owns the TrainingController. Holds which step is current and the rows measured so far. GUI
/// thread only. Measuring a finished step evaluates it on the test split (a fraction of a
/// second at the lesson's 48x48 images).
class LessonSession : public QObject {
    Q_OBJECT
public:
    using QObject::QObject;

    /// Writes the lesson's images when missing and makes its steps; nothing runs and the
    /// session stays inactive. Throws tl::Error (a folder that cannot be written).
    void prepare(const tl::LessonOptions& options);
    /// prepare(), then makes the session active before its first step.
    void begin(const tl::LessonOptions& options);
    bool active() const { return active_; }
    const tl::LessonOptions& options() const { return options_; }
    const std::vector<tl::LessonStep>& steps() const { return steps_; }
    /// -1 before the first step.
    int currentIndex() const { return current_; }

    /// The next step to run, its fine-tuning source filled from the previous row; nullopt (and the
    /// lesson ends, finished() emitted) when every step has run, or when the next step starts
    /// from one that did not complete.
    std::optional<tl::LessonStep> advance();
    /// Records how the current step's run ended: its row (stepMeasured()), or a failed row when
    /// it made no run folder. A stopped run ends the lesson.
    void record(const RunOutcome& outcome);
    /// Ends the lesson early; the rows so far stay.
    void cancel();

Q_SIGNALS:
    void stepStarted(int index, const QString& title);
    void stepMeasured(int index, const tl::LessonResult& result);
    void finished(const std::vector<tl::LessonResult>& results);

private:
    void end();

    tl::LessonOptions options_;
    std::vector<tl::LessonStep> steps_;
    std::vector<tl::LessonResult> results_;
    int current_ = -1;
    bool active_ = false;
};

}  // namespace tl::ui

Q_DECLARE_METATYPE(tl::LessonResult)
