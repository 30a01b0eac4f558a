#pragma once
#include <QStringList>
#include <QWidget>

#include "core/evaluation/ClassificationReport.h"

namespace tl::ui {

/// The confusion matrix drawn as a grid: one row per actual class, one column per predicted
/// class, each cell with its count and its share of the row, shaded by that share (the diagonal
/// in green, mistakes in red). Hover a cell for a sentence saying what it counts. GUI thread only.
class ConfusionMatrixView : public QWidget {
    Q_OBJECT
public:
    explicit ConfusionMatrixView(QWidget* parent = nullptr);

    void setMatrix(const QStringList& classes, const tl::ConfusionMatrix& confusion);
    void clear();

    const tl::ConfusionMatrix& matrix() const { return confusion_; }
    /// The cell under a point of the widget, or (-1, -1).
    QPoint cellAt(const QPoint& position) const;
    /// What the tooltip says of a cell: "12 cat images (6.0%) predicted as dog".
    QString describeCell(int actual, int predicted) const;

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

protected:
    void paintEvent(QPaintEvent* event) override;
    bool event(QEvent* event) override;

private:
    QRect cellRect(int row, int column) const;
    int labelWidth() const;

    QStringList classes_;
    tl::ConfusionMatrix confusion_;
};

}  // namespace tl::ui
