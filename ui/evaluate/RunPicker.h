#pragma once
#include <QString>
#include <QWidget>

#include "core/runs/CheckpointChoice.h"

class QComboBox;
class QLabel;
class QPushButton;

namespace tl::ui {

/// The row above the Evaluate and Predict tabs: which run, a button to choose another, and which
/// of its checkpoints (the best validation epoch or the last one). Reads the run's summary.json
/// (a few hundred bytes) on the GUI thread to label the checkpoints. GUI thread only.
class RunPicker : public QWidget {
    Q_OBJECT
public:
    /// `purpose` ends the Choose Run button's tooltip ("to evaluate", "whose model predicts").
    explicit RunPicker(const QString& purpose, QWidget* parent = nullptr);

    /// "" shows how to get a run. Keeps the checkpoint choice when the run has that checkpoint.
    void setRun(const QString& folder);
    QString run() const { return run_; }
    tl::CheckpointChoice checkpoint() const;
    /// While a job uses the run, neither the run nor the checkpoint can change.
    void setBusy(bool busy);
    QComboBox* checkpointBox() const { return checkpoint_; }

Q_SIGNALS:
    /// "Choose Run…" was pressed: the window offers its run folders.
    void chooseRunRequested();
    /// The user picked the other checkpoint of the same run.
    void checkpointChanged();

private:
    QLabel* name_;
    QPushButton* choose_;
    QComboBox* checkpoint_;
    QString run_;
};

}  // namespace tl::ui
