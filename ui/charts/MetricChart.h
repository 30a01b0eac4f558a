#pragma once
#include <QChartView>
#include <QColor>
#include <QList>
#include <QPointF>
#include <QString>
#include <vector>

#include "ui/charts/CurveSmoother.h"

class QLineSeries;
class QValueAxis;

namespace tl::ui {

/// One metric (loss or accuracy) against epochs or batches. Each curve (training, validation)
/// is drawn twice in the same colour: raw (thin, faint) and smoothed (bold). The legend names each
/// curve once (the owner explains faint and bold), so its entries fit a narrow chart. While a
/// curve has few points they are drawn as markers too: one epoch is a dot, not nothing.
///
/// Points are only stored by appendPoint(); nothing is drawn until redraw(), which the owner
/// calls on its throttle timer (docs/design.md §4). GUI thread only.
class MetricChart : public QChartView {
    Q_OBJECT

public:
    enum class Metric {
        Loss,      ///< y auto-ranged over the finite values
        Accuracy,  ///< fraction correct; y fitted to the data inside 0..1, or 0..1 (setFullRange)
    };

    /// Up to this many points per series (by default), each is drawn as a marker as well.
    static constexpr int kMarkerLimit = 40;
    /// Changes that limit: a batch chart wants a line after a dozen points, an epoch chart can
    /// show every epoch of a lecture run as a dot. 0 never draws markers.
    void setMarkerLimit(int points);

    MetricChart(const QString& title, Metric metric, const QString& xTitle, QWidget* parent = nullptr);

    /// Adds a curve; the legend shows `name` once, for its smoothed line. Returns its index.
    int addCurve(const QString& name, const QColor& colour);

    /// Stores one point of `curve`; shown at the next redraw().
    void appendPoint(int curve, double x, double y);
    /// Forgets every point of every curve (the series empty at the next redraw()).
    void clearPoints();
    /// Removes every curve and its legend entry (an overlay whose set of runs changed).
    void removeCurves();

    /// A second x axis along the top showing x * `scale` (e.g. the fractional epoch of a batch
    /// index, scale = 1 / batches per epoch). A scale <= 0 hides it.
    void setSecondaryXAxis(const QString& title, double scale);

    /// Accuracy charts: true shows the whole 0..1 range, false (the default) fits the axis to the
    /// data so 0.95 and 0.97 can be told apart.
    void setFullRange(bool full);
    bool isFullRange() const { return fullRange_; }
    /// The y axis as drawn (for tests).
    double yMinimum() const;
    double yMaximum() const;

    /// Recomputes the smoothed curves from the stored raw points, pushes every series with
    /// QXYSeries::replace and fits the axes to the data. Non-finite points are not plotted. A
    /// curve longer than about 1,000 points is thinned to the lowest and highest point of each
    /// slice of the x range, one slice per pixel column of the plot and 512 at least
    /// (CurveDecimator): every spike still shows, and a redraw costs about the same at batch
    /// 10,000 as at batch 1,000.
    /// Does nothing when neither the points nor the smoothing changed since the last call.
    void redraw(double weight, SmoothingFormula formula);

    int curveCount() const { return static_cast<int>(curves_.size()); }
    /// The series as drawn (for tests and for the panel's inspection).
    const QLineSeries* rawSeries(int curve) const { return curves_.at(curve).raw; }
    const QLineSeries* smoothedSeries(int curve) const { return curves_.at(curve).smoothed; }

private:
    struct Curve {
        std::vector<double> xs;
        std::vector<double> ys;
        QLineSeries* raw = nullptr;
        QLineSeries* smoothed = nullptr;
    };

    void fitXAxes(double minX, double maxX);
    void fitYAxis(double minY, double maxY);
    void fitAccuracyAxis(double minY, double maxY);

    Metric metric_;
    std::vector<Curve> curves_;
    QValueAxis* xAxis_ = nullptr;
    QValueAxis* yAxis_ = nullptr;
    QValueAxis* secondaryXAxis_ = nullptr;  // not attached to any series: its range follows xAxis_
    double secondaryScale_ = 0;
    bool fullRange_ = false;
    int markerLimit_ = kMarkerLimit;
    bool stale_ = true;  // points changed since the last redraw()
    double drawnWeight_ = -1;
    SmoothingFormula drawnFormula_ = SmoothingFormula::Lecture;
};

}  // namespace tl::ui
