#include "ui/evaluate/RocChart.h"

#include <QChart>
#include <QLegend>
#include <QLineSeries>
#include <QPen>
#include <QToolTip>
#include <QValueAxis>
#include <cmath>

namespace tl::ui {

RocChart::RocChart(QWidget* parent) : QChartView(parent), curve_(new QLineSeries), chance_(new QLineSeries) {
    setObjectName(QStringLiteral("RocChart"));
    auto* chart = new QChart;
    chart->setTitle(tr("ROC curve"));
    curve_->setName(tr("model"));
    curve_->setPen(QPen(QColor(31, 119, 180), 2.5));
    chance_->setName(tr("chance"));
    chance_->setPen(QPen(QColor(150, 150, 150), 1.2, Qt::DashLine));
    chance_->append(0, 0);
    chance_->append(1, 1);
    chart->addSeries(chance_);
    chart->addSeries(curve_);
    auto* x = new QValueAxis;
    x->setRange(0, 1);
    x->setTitleText(tr("false positives"));
    x->setLabelFormat(QStringLiteral("%.1f"));
    x->setTickCount(6);
    auto* y = new QValueAxis;
    y->setRange(0, 1);
    y->setTitleText(tr("true positives"));
    y->setLabelFormat(QStringLiteral("%.1f"));
    y->setTickCount(6);
    chart->addAxis(x, Qt::AlignBottom);
    chart->addAxis(y, Qt::AlignLeft);
    for (auto* series : {chance_, curve_}) {
        series->attachAxis(x);
        series->attachAxis(y);
    }
    chart->legend()->setAlignment(Qt::AlignBottom);
    setChart(chart);
    setRenderHint(QPainter::Antialiasing);
    setMinimumSize(260, 240);
    setToolTip(
        tr("Each point is one threshold: images whose probability of the positive class is at least "
           "the threshold are called positive. The closer the curve hugs the top-left corner, the "
           "better the two classes are separated; the diagonal is a coin toss. AUC is the chance that "
           "a random positive image scores higher than a random negative one."));
    connect(curve_, &QLineSeries::hovered, this, [this](const QPointF& point, bool state) {
        if (!state) return;
        // The nearest stored point: its threshold.
        const auto points = curve_->points();
        int best = -1;
        double bestDistance = 1e9;
        for (int i = 0; i < points.size(); ++i) {
            const auto d = std::hypot(points[i].x() - point.x(), points[i].y() - point.y());
            if (d < bestDistance) bestDistance = d, best = i;
        }
        if (best < 0) return;
        const auto threshold = curve_->property("thresholds").toList().value(best).toDouble();
        QToolTip::showText(QCursor::pos(),
                           tr("threshold %1: %2% of positives found, %3% of negatives flagged")
                               .arg(threshold, 0, 'f', 3)
                               .arg(points[best].y() * 100, 0, 'f', 1)
                               .arg(points[best].x() * 100, 0, 'f', 1),
                           this);
    });
}

void RocChart::setCurve(const tl::RocCurve& curve, const QString& positiveClass) {
    QList<QPointF> points;
    QVariantList thresholds;
    for (const auto& p : curve.points) {
        points.append({p.falsePositiveRate, p.truePositiveRate});
        thresholds.append(std::isfinite(p.threshold) ? p.threshold : 1.0);
    }
    curve_->replace(points);
    curve_->setProperty("thresholds", thresholds);
    chart()->setTitle(tr("ROC curve, %1 as positive: AUC %2").arg(positiveClass).arg(curve.auc, 0, 'f', 3));
}

void RocChart::showUnavailable(const QString& reason) {
    curve_->clear();
    chart()->setTitle(reason);
}

int RocChart::pointCount() const {
    return static_cast<int>(curve_->count());
}

QString RocChart::title() const {
    return chart()->title();
}

}  // namespace tl::ui
