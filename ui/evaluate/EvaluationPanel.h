#pragma once
#include <QString>
#include <QWidget>
#include <memory>

#include "ui/common/LatestJob.h"

class QComboBox;
class QLabel;
class QProgressBar;
class QPushButton;
class QTableWidget;

namespace tl::ui {

class ConfusionMatrixView;
class InlineMessage;
class MisclassifiedGallery;
class ProbabilityHistogramChart;
class RocChart;
class RunPicker;

/// "4 · Evaluate": a trained run measured on one of its splits (test by default): loss and
/// accuracy, precision / recall / F1 per class, the confusion matrix, the ROC curve and its area
/// (two classes), the histogram of predicted probabilities and the misclassified images, most
/// confidently wrong first. Evaluation runs off the GUI thread with a progress bar and can be
/// cancelled; it waits while a training run has the cores. GUI thread only.
class EvaluationPanel : public QWidget {
    Q_OBJECT
public:
    /// Misclassified images shown at most (the count says how many there are in all).
    static constexpr int kGalleryLimit = 60;

    explicit EvaluationPanel(QWidget* parent = nullptr);
    /// Cancels and waits for an evaluation in flight.
    ~EvaluationPanel() override;
    EvaluationPanel(const EvaluationPanel&) = delete;
    EvaluationPanel& operator=(const EvaluationPanel&) = delete;

    /// The run to evaluate; results of another run are cleared. "" shows how to get one.
    void setRun(const QString& folder);
    QString run() const { return run_; }
    /// While a training run computes, Evaluate is disabled (both would share two cores).
    void setTrainingActive(bool active);
    /// Evaluates the run on the split chosen in the panel (what the Evaluate button does).
    void evaluate();
    bool isBusy() const { return jobs_.isBusy(); }

    /// The one-line result: split, images, accuracy, loss, AUC, checkpoint; or why there is none.
    QString summaryText() const;
    ConfusionMatrixView* confusionView() const { return confusion_; }
    RocChart* rocChart() const { return roc_; }
    ProbabilityHistogramChart* histogramChart() const { return histogram_; }
    MisclassifiedGallery* gallery() const { return gallery_; }
    QTableWidget* reportTable() const { return report_; }
    QComboBox* splitBox() const { return split_; }
    RunPicker* runPicker() const { return picker_; }

Q_SIGNALS:
    /// An evaluation ended (summaryText() tells how).
    void evaluated();
    /// The user opened a misclassified image: show it in the prediction view.
    void imageChosen(const QString& file);
    /// "Choose Run…" was pressed: the window offers its run folders.
    void chooseRunRequested();

private:
    struct Outcome;
    void onFinished(const std::shared_ptr<Outcome>& outcome);
    void showOutcome(const Outcome& outcome);
    void clearResults();
    void updateButtons();

    RunPicker* picker_;
    QComboBox* split_;
    QPushButton* evaluateButton_;
    QPushButton* cancelButton_;
    QProgressBar* progress_;
    InlineMessage* status_;
    QLabel* summary_;
    QTableWidget* report_;
    ConfusionMatrixView* confusion_;
    RocChart* roc_;
    ProbabilityHistogramChart* histogram_;
    QLabel* galleryTitle_;
    MisclassifiedGallery* gallery_;
    QString run_;
    bool trainingActive_ = false;
    LatestJob<std::shared_ptr<Outcome>> jobs_;  ///< last member: destroyed (and waited for) first
};

}  // namespace tl::ui
