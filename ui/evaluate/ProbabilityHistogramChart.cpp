#include "ui/evaluate/ProbabilityHistogramChart.h"

#include <QChart>
#include <QLegend>
#include <QLineSeries>
#include <QPen>
#include <QValueAxis>
#include <algorithm>

namespace tl::ui {
namespace {

const QList<QColor> kClassColours{QColor(31, 119, 180), QColor(255, 127, 14),  QColor(44, 160, 44),
                                  QColor(214, 39, 40),  QColor(148, 103, 189), QColor(140, 86, 75)};

}  // namespace

ProbabilityHistogramChart::ProbabilityHistogramChart(QWidget* parent)
    : QChartView(parent), threshold_(new QLineSeries), x_(new QValueAxis), y_(new QValueAxis) {
    setObjectName(QStringLiteral("ProbabilityHistogram"));
    auto* chart = new QChart;
    x_->setRange(0, 1);
    x_->setLabelFormat(QStringLiteral("%.1f"));
    x_->setTickCount(6);
    y_->setRange(0, 1);
    y_->setLabelFormat(QStringLiteral("%d"));
    y_->setTitleText(tr("images"));
    chart->addAxis(x_, Qt::AlignBottom);
    chart->addAxis(y_, Qt::AlignLeft);
    threshold_->setName(tr("threshold 0.5"));
    threshold_->setPen(QPen(QColor(90, 90, 90), 1.2, Qt::DashLine));
    chart->addSeries(threshold_);
    threshold_->attachAxis(x_);
    threshold_->attachAxis(y_);
    chart->legend()->setAlignment(Qt::AlignBottom);
    setChart(chart);
    setRenderHint(QPainter::Antialiasing);
    setMinimumSize(260, 220);
    setToolTip(
        tr("How sure the model is, per actual class. Images left of the dashed line are predicted as the "
           "first class, right of it as the second. Accuracy only asks which side each image is on; the "
           "loss also asks how far from its own edge, so one confidently wrong image can raise the loss "
           "while accuracy improves."));
    clear();
}

void ProbabilityHistogramChart::clear() {
    for (auto* series : series_) {
        chart()->removeSeries(series);
        delete series;
    }
    series_.clear();
    threshold_->clear();
    tallest_ = 0;
    y_->setRange(0, 1);
    chart()->setTitle(tr("Predicted probabilities"));
}

void ProbabilityHistogramChart::setHistogram(const QStringList& classes, const tl::ProbabilityHistogram& histogram,
                                             const QString& heading) {
    clear();
    if (histogram.counts.empty()) return;
    const bool twoClasses = histogram.counts.size() == 2;
    x_->setTitleText(twoClasses && classes.size() == 2 ? tr("probability of %1").arg(classes[1])
                                                       : tr("probability of the actual class"));
    const double width = 1.0 / histogram.bins;
    for (std::size_t c = 0; c < histogram.counts.size(); ++c) {
        auto* series = new QLineSeries;
        const auto name =
            c < static_cast<std::size_t>(classes.size()) ? classes[static_cast<int>(c)] : QString::number(c);
        series->setName(tr("actual %1").arg(name));
        series->setPen(QPen(kClassColours[static_cast<int>(c % kClassColours.size())], 2.2));
        // An outlined step per bin: up at its left edge, across, down at its right.
        series->append(0, 0);
        for (int b = 0; b < histogram.bins; ++b) {
            const auto count = static_cast<int>(histogram.counts[c][static_cast<std::size_t>(b)]);
            tallest_ = std::max(tallest_, count);
            series->append(b * width, count);
            series->append((b + 1) * width, count);
        }
        series->append(1, 0);
        chart()->addSeries(series);
        series->attachAxis(x_);
        series->attachAxis(y_);
        series_.append(series);
    }
    y_->setRange(0, std::max(4, tallest_));
    y_->applyNiceNumbers();  // round ticks (0, 50, 100...), the range widened to them
    const auto top = y_->max();
    if (twoClasses) {
        threshold_->append(0.5, 0);
        threshold_->append(0.5, top);
    }
    chart()->setTitle(heading.isEmpty() ? tr("Predicted probabilities")
                                        : tr("Predicted probabilities: %1").arg(heading));
}

QString ProbabilityHistogramChart::title() const {
    return chart()->title();
}

}  // namespace tl::ui
