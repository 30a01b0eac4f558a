#include "ui/charts/MetricChart.h"

#include <QChart>
#include <QLegend>
#include <QLegendMarker>
#include <QLineSeries>
#include <QPen>
#include <QValueAxis>
#include <algorithm>
#include <cmath>
#include <limits>

#include "ui/charts/CurveDecimator.h"

namespace tl::ui {
namespace {

constexpr qreal kRawWidth = 1.0;
constexpr qreal kSmoothedWidth = 2.6;
constexpr int kRawAlpha = 80;       // of 255: faint, so the bold smoothed line reads first
constexpr double kTargetTicks = 6;  // x axis: about this many grid lines
constexpr int kMinBuckets = 512;    // decimation slices at least: ~1000 points drawn at most

/// A curve's drawable points.
struct FinitePoints {
    std::vector<double> xs;
    std::vector<double> ys;
};

/// The points a series gets: about two per pixel column of the plot once a curve is long.
QList<QPointF> drawnPoints(const FinitePoints& points, int buckets) {
    const auto kept = CurveDecimator::keep(points.xs, points.ys, buckets);
    QList<QPointF> list;
    list.reserve(static_cast<qsizetype>(kept.size()));
    for (const auto i : kept) list.append(QPointF(points.xs[i], points.ys[i]));
    return list;
}

// The smallest of 1, 2, 5 x 10^k that is >= `raw`.
double niceStep(double raw) {
    if (!(raw > 0) || !std::isfinite(raw)) return 1;
    const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
    for (const double factor : {1.0, 2.0, 5.0, 10.0}) {
        if (factor * magnitude >= raw) return factor * magnitude;
    }
    return 10 * magnitude;
}

void configureTicks(QValueAxis* axis, double span, bool integral) {
    double step = niceStep(span / kTargetTicks);
    if (integral) step = std::max(1.0, std::round(step));
    axis->setTickType(QValueAxis::TicksDynamic);
    axis->setTickAnchor(0);
    axis->setTickInterval(step);
    axis->setLabelFormat(integral || step >= 1 ? "%d" : (step >= 0.1 ? "%.1f" : "%.2f"));
}

}  // namespace

MetricChart::MetricChart(const QString& title, Metric metric, const QString& xTitle, QWidget* parent)
    : QChartView(parent), metric_(metric) {
    auto* chart = new QChart;
    chart->setTitle(title);
    chart->setAnimationOptions(QChart::NoAnimation);  // series are replaced many times a second
    chart->legend()->setAlignment(Qt::AlignBottom);
    chart->setMargins(QMargins(4, 4, 4, 4));

    xAxis_ = new QValueAxis;
    xAxis_->setTitleText(xTitle);
    chart->addAxis(xAxis_, Qt::AlignBottom);
    yAxis_ = new QValueAxis;
    // Short: a vertical title longer than the plot is cut off.
    yAxis_->setTitleText(metric == Metric::Loss ? tr("loss") : tr("accuracy"));
    chart->addAxis(yAxis_, Qt::AlignLeft);
    chart->legend()->setShowToolTips(true);
    setChart(chart);  // the view owns the chart
    setRenderHint(QPainter::Antialiasing);
    setMinimumSize(320, 240);
    fitXAxes(0, 0);
    fitYAxis(0, 0);
}

int MetricChart::addCurve(const QString& name, const QColor& colour) {
    // The chart takes ownership of the series and axes added to it.
    Curve curve;
    curve.smoothed = new QLineSeries;
    curve.smoothed->setName(name);
    curve.smoothed->setPen(QPen(colour, kSmoothedWidth, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
    QColor faint = colour;
    faint.setAlpha(kRawAlpha);
    curve.raw = new QLineSeries;
    curve.raw->setName(tr("%1 (raw)").arg(name));
    curve.raw->setPen(QPen(faint, kRawWidth));
    // Raw first, so the smoothed line is painted on top of it.
    for (QLineSeries* series : {curve.raw, curve.smoothed}) {
        chart()->addSeries(series);
        series->attachAxis(xAxis_);
        series->attachAxis(yAxis_);
        series->setMarkerSize(series == curve.raw ? 5 : 7);
    }
    for (QLegendMarker* marker : chart()->legend()->markers(curve.raw)) marker->setVisible(false);
    curves_.push_back(curve);
    return curveCount() - 1;
}

void MetricChart::appendPoint(int curve, double x, double y) {
    Curve& target = curves_.at(curve);
    target.xs.push_back(x);
    target.ys.push_back(y);
    stale_ = true;
}

void MetricChart::clearPoints() {
    for (Curve& curve : curves_) {
        curve.xs.clear();
        curve.ys.clear();
    }
    stale_ = true;
}

void MetricChart::removeCurves() {
    for (Curve& curve : curves_) {
        for (QLineSeries* series : {curve.raw, curve.smoothed}) {
            chart()->removeSeries(series);
            delete series;  // removeSeries gives ownership back
        }
    }
    curves_.clear();
    stale_ = true;
}

void MetricChart::setSecondaryXAxis(const QString& title, double scale) {
    secondaryScale_ = scale > 0 && std::isfinite(scale) ? scale : 0;
    if (!secondaryXAxis_) {
        secondaryXAxis_ = new QValueAxis;
        secondaryXAxis_->setGridLineVisible(false);  // the bottom axis's grid is enough
        chart()->addAxis(secondaryXAxis_, Qt::AlignTop);
    }
    secondaryXAxis_->setTitleText(title);
    secondaryXAxis_->setVisible(secondaryScale_ > 0);
    fitXAxes(xAxis_->min(), xAxis_->max());
}

void MetricChart::redraw(double weight, SmoothingFormula formula) {
    // Repainting a chart costs milliseconds of the GUI thread: skip the ones nothing changed in
    // (the epoch charts while batches arrive).
    if (!stale_ && weight == drawnWeight_ && formula == drawnFormula_) return;
    stale_ = false;
    drawnWeight_ = weight;
    drawnFormula_ = formula;
    double minX = std::numeric_limits<double>::infinity(), maxX = -minX;
    double minY = minX, maxY = -minX;
    auto extend = [&](double x, double y) {
        minX = std::min(minX, x);
        maxX = std::max(maxX, x);
        minY = std::min(minY, y);
        maxY = std::max(maxY, y);
    };
    // A 10,000-batch run would otherwise push 10,000 points per series on every refresh.
    const int buckets = std::max(kMinBuckets, static_cast<int>(chart()->plotArea().width()));
    for (Curve& curve : curves_) {
        const std::vector<double> smoothed = CurveSmoother::smooth(curve.ys, weight, formula);
        FinitePoints raw, smooth;
        for (std::size_t i = 0; i < curve.ys.size(); ++i) {
            const double x = curve.xs[i];
            if (!std::isfinite(x)) continue;
            // A NaN or infinite loss cannot be drawn; the line joins its finite neighbours.
            if (std::isfinite(curve.ys[i])) {
                raw.xs.push_back(x);
                raw.ys.push_back(curve.ys[i]);
                extend(x, curve.ys[i]);
            }
            if (std::isfinite(smoothed[i])) {
                smooth.xs.push_back(x);
                smooth.ys.push_back(smoothed[i]);
                extend(x, smoothed[i]);
            }
        }
        curve.raw->replace(drawnPoints(raw, buckets));
        curve.smoothed->replace(drawnPoints(smooth, buckets));
        // A line needs two points: until there are a few dozen, draw each as a marker too.
        curve.raw->setPointsVisible(curve.raw->count() <= markerLimit_);
        curve.smoothed->setPointsVisible(curve.smoothed->count() <= markerLimit_);
    }
    const bool empty = !(minX <= maxX);
    fitXAxes(empty ? 0 : minX, empty ? 0 : maxX);
    fitYAxis(empty ? 0 : minY, empty ? 0 : maxY);
}

void MetricChart::setMarkerLimit(int points) {
    markerLimit_ = std::max(0, points);
    stale_ = true;
}

void MetricChart::setFullRange(bool full) {
    if (full == fullRange_) return;
    fullRange_ = full;
    stale_ = true;
}

double MetricChart::yMinimum() const {
    return yAxis_->min();
}

double MetricChart::yMaximum() const {
    return yAxis_->max();
}

void MetricChart::fitXAxes(double minX, double maxX) {
    // At least one unit wide, so a single epoch or batch still gets a readable axis.
    if (maxX - minX < 1) maxX = minX + 1;
    // Ticks before range: the old tick interval over a new, much longer range would lay out
    // thousands of labels for a moment (seconds of work at the first redraw of a long run).
    configureTicks(xAxis_, maxX - minX, true);
    xAxis_->setRange(minX, maxX);
    if (secondaryXAxis_ && secondaryScale_ > 0) {
        configureTicks(secondaryXAxis_, (maxX - minX) * secondaryScale_, false);
        secondaryXAxis_->setRange(minX * secondaryScale_, maxX * secondaryScale_);
    }
}

void MetricChart::fitYAxis(double minY, double maxY) {
    if (metric_ == Metric::Accuracy) {
        fitAccuracyAxis(minY, maxY);
        return;
    }
    if (minY == 0 && maxY == 0) {  // empty (or a loss of exactly 0): a plain 0..1 axis
        yAxis_->setRange(0, 1);
        yAxis_->applyNiceNumbers();
        return;
    }
    if (maxY - minY < 1e-9) {  // flat: give the line some room
        const double pad = std::max(std::abs(maxY) * 0.1, 0.05);
        minY -= pad;
        maxY += pad;
    }
    const double margin = (maxY - minY) * 0.05;
    // A loss is never negative: do not let the margin push the axis below 0.
    const double low = minY >= 0 ? std::max(0.0, minY - margin) : minY - margin;
    yAxis_->setRange(low, maxY + margin);
    yAxis_->applyNiceNumbers();
}

void MetricChart::fitAccuracyAxis(double minY, double maxY) {
    double low = 0, high = 1;
    if (!fullRange_ && maxY >= minY && maxY > 0) {
        // Steps of 0.05 around the data, at least 0.1 tall, never outside 0..1.
        const double span = std::max(0.1, maxY - minY);
        const double margin = span * 0.1;
        low = std::max(0.0, std::floor((minY - margin) * 20.0) / 20.0);
        high = std::min(1.0, std::ceil((maxY + margin) * 20.0) / 20.0);
        if (high - low < 0.1) {
            if (high >= 1.0)
                low = high - 0.1;
            else
                high = low + 0.1;
        }
    }
    const double span = high - low;
    const double step = span > 0.5 ? 0.2 : (span > 0.25 ? 0.1 : 0.05);
    yAxis_->setTickType(QValueAxis::TicksDynamic);
    yAxis_->setTickAnchor(0);
    yAxis_->setTickInterval(step);
    yAxis_->setLabelFormat(step >= 0.1 ? "%.1f" : "%.2f");
    yAxis_->setRange(low, high);
}

}  // namespace tl::ui
