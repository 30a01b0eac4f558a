#pragma once
#include <QChartView>
#include <QList>
#include <QStringList>

#include "core/evaluation/ProbabilityHistogram.h"

class QLineSeries;
class QValueAxis;

namespace tl::ui {

/// The spread of predicted probabilities, one outlined histogram per actual class, with the 0.5
/// decision threshold as a dashed line (two classes). It shows the lecture's puzzle: accuracy
/// counts which side of the threshold an image falls; the loss also counts how far from its label
/// it sits, so the two can move apart. GUI thread only.
class ProbabilityHistogramChart : public QChartView {
    Q_OBJECT
public:
    explicit ProbabilityHistogramChart(QWidget* parent = nullptr);

    /// `heading` says what is shown ("validation, epoch 12"). Empty counts clear the chart.
    void setHistogram(const QStringList& classes, const tl::ProbabilityHistogram& histogram, const QString& heading);
    void clear();

    QString title() const;
    /// The largest count of any bin (for tests).
    int tallestBin() const { return tallest_; }

private:
    QList<QLineSeries*> series_;
    QLineSeries* threshold_;
    QValueAxis* x_;
    QValueAxis* y_;
    int tallest_ = 0;
};

}  // namespace tl::ui
