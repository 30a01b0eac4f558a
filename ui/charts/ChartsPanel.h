#pragma once
#include <QString>
#include <QTimer>
#include <QWidget>
#include <vector>

#include "core/training/TrainingMetrics.h"
#include "ui/charts/CurveSmoother.h"

class QCheckBox;
class QComboBox;
class QLabel;
class QAction;
class QSlider;

namespace tl::ui {

class MetricChart;

/// The live curves of a run: loss and accuracy per epoch (training and validation) and the
/// training loss per batch, each raw (faint) and smoothed (bold), with the smoothing controls.
///
/// Throttled (docs/design.md §4): addBatch()/addEpoch() only store points; the series are pushed
/// on a single-shot timer (kRedrawIntervalMs), so thousands of batches cost a few dozen redraws.
/// GUI thread only: connect the training worker's signals with queued connections.
class ChartsPanel : public QWidget {
    Q_OBJECT

public:
    static constexpr int kRedrawIntervalMs = 40;
    /// The one default, the lecture's: DLwP's smooth_curve(points, factor=0.8).
    static constexpr double kDefaultSmoothing = 0.8;
    static constexpr SmoothingFormula kDefaultFormula = SmoothingFormula::Lecture;

    explicit ChartsPanel(QWidget* parent = nullptr);

    /// Replaces the charts with a finished run's metrics, drawn at once (no timer).
    void showRun(const std::vector<tl::EpochMetrics>& epochs, const std::vector<tl::BatchMetrics>& batches);

    /// The smoothing weight in [0, 0.99]; 0 shows the raw curves.
    double smoothing() const { return weight_; }
    /// Clamps to [0, 0.99]; recomputes the smoothed curves from the stored raw points.
    void setSmoothing(double weight);
    SmoothingFormula formula() const { return formula_; }
    void setFormula(SmoothingFormula formula);

    /// Writes the three charts as one PNG image. Returns false, leaving no file behind, when the
    /// image cannot be written (the file is written under a temporary name and renamed).
    bool savePng(const QString& file) const;
    /// The same charts as one SVG drawing (vector: sharp on slides at any size), written atomically.
    bool saveSvg(const QString& file) const;
    /// "Save Charts as PNG…": asks for a file and writes savePng() there. The panel's button and
    /// the window's File menu share it.
    QAction* saveAction() const { return saveAction_; }

    /// How many times the series were pushed to the charts since construction.
    int redrawCount() const { return redrawCount_; }

    MetricChart* lossChart() const { return lossChart_; }
    MetricChart* accuracyChart() const { return accuracyChart_; }
    MetricChart* batchChart() const { return batchChart_; }

    /// Curve indices in the epoch charts (the batch chart has only kTraining).
    static constexpr int kTraining = 0;
    static constexpr int kValidation = 1;

public Q_SLOTS:
    /// Forgets every point: a new run starts.
    void clear();
    /// One training batch; cheap, called up to thousands of times per run.
    void addBatch(const tl::BatchMetrics& batch);
    void addEpoch(const tl::EpochMetrics& epoch);

Q_SIGNALS:
    /// The weight or the formula changed.
    void smoothingChanged();

private:
    /// Draws points still waiting for the timer and lays out a panel never shown, before an export.
    void prepareExport() const;
    QWidget* createControls();
    void scheduleRedraw();
    void redrawNow();
    void saveWithDialog();
    void showWeight();

    MetricChart* lossChart_ = nullptr;
    MetricChart* accuracyChart_ = nullptr;
    MetricChart* batchChart_ = nullptr;
    QWidget* chartsArea_ = nullptr;  // the three charts; what savePng() renders
    QSlider* slider_ = nullptr;      // 0..99, the weight in hundredths
    QLabel* weightLabel_ = nullptr;
    QComboBox* formulaBox_ = nullptr;
    QAction* saveAction_ = nullptr;
    QCheckBox* fullRange_ = nullptr;
    QTimer redrawTimer_;
    int batchesPerEpoch_ = 0;  // of the batches shown; sets the batch chart's epoch axis
    int redrawCount_ = 0;
    double weight_ = kDefaultSmoothing;
    SmoothingFormula formula_ = kDefaultFormula;
};

}  // namespace tl::ui
