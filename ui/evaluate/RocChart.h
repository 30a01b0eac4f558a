#pragma once
#include <QChartView>
#include <QString>

#include "core/evaluation/RocCurve.h"

class QLineSeries;

namespace tl::ui {

/// The ROC curve of a two-class evaluation: true-positive rate against false-positive rate as
/// the threshold falls, the chance diagonal, and the area under the curve in the title. Hover
/// the curve to read a point's threshold. GUI thread only.
class RocChart : public QChartView {
    Q_OBJECT
public:
    explicit RocChart(QWidget* parent = nullptr);

    /// `positiveClass` names the class whose probability is the score.
    void setCurve(const tl::RocCurve& curve, const QString& positiveClass);
    /// No curve (more than two classes, or one class missing): says why instead.
    void showUnavailable(const QString& reason);

    /// Points drawn (for tests).
    int pointCount() const;
    QString title() const;

private:
    QLineSeries* curve_;
    QLineSeries* chance_;
};

}  // namespace tl::ui
