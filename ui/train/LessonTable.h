#pragma once
#include <QWidget>
#include <vector>

#include "core/lesson/LessonRunner.h"

class QAction;
class QLabel;
class QTableWidget;

namespace tl::ui {

/// The lesson's results table: the lecture's five experiments with the lecture's validation
/// accuracy beside what this machine just measured (validation plateau, best epoch, test, time),
/// above a button for the Run the Lesson action. Rows fill in as steps end.
class LessonTable : public QWidget {
    Q_OBJECT
public:
    explicit LessonTable(QAction* runLesson, QWidget* parent = nullptr);

    /// One row per step, nothing measured yet.
    void setSteps(const std::vector<tl::LessonStep>& steps);
    /// Shows `index` as the step now running.
    void markRunning(int index);
    void showResult(int index, const tl::LessonResult& result);
    /// The text of a cell (tests and the screenshot tour read it).
    QString cellText(int row, int column) const;

    enum Column { Experiment, Lecture, Validation, Best, Test, Time, Status, ColumnCount };

private:
    void updateTotal();

    QTableWidget* table_;
    QLabel* total_;
    std::vector<double> seconds_;
};

}  // namespace tl::ui
