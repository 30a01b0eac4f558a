#include "ui/evaluate/ConfusionMatrixView.h"

#include <QHelpEvent>
#include <QPainter>
#include <QToolTip>
#include <algorithm>

namespace tl::ui {
namespace {

constexpr int kHeaderHeight = 44;  ///< "predicted" and the column names
constexpr int kMargin = 6;

std::size_t rowTotal(const tl::ConfusionMatrix& confusion, int row) {
    std::size_t total = 0;
    for (auto count : confusion[static_cast<std::size_t>(row)]) total += count;
    return total;
}

}  // namespace

ConfusionMatrixView::ConfusionMatrixView(QWidget* parent) : QWidget(parent) {
    setObjectName(QStringLiteral("ConfusionMatrix"));
    setMouseTracking(true);
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
}

void ConfusionMatrixView::setMatrix(const QStringList& classes, const tl::ConfusionMatrix& confusion) {
    classes_ = classes;
    confusion_ = confusion;
    updateGeometry();
    update();
}

void ConfusionMatrixView::clear() {
    setMatrix({}, {});
}

int ConfusionMatrixView::labelWidth() const {
    int width = fontMetrics().horizontalAdvance(tr("actual")) + 12;
    for (const auto& name : classes_) width = std::max(width, fontMetrics().horizontalAdvance(name) + 12);
    return std::min(width, 160);
}

QRect ConfusionMatrixView::cellRect(int row, int column) const {
    const int n = std::max<int>(1, static_cast<int>(classes_.size()));
    const int left = kMargin + labelWidth();
    const int side = std::max(24, std::min((width() - left - kMargin) / n, (height() - kHeaderHeight - kMargin) / n));
    return {left + column * side, kHeaderHeight + row * side, side, side};
}

QPoint ConfusionMatrixView::cellAt(const QPoint& position) const {
    for (int r = 0; r < classes_.size(); ++r) {
        for (int c = 0; c < classes_.size(); ++c) {
            if (cellRect(r, c).contains(position)) return {c, r};
        }
    }
    return {-1, -1};
}

QString ConfusionMatrixView::describeCell(int actual, int predicted) const {
    if (actual < 0 || predicted < 0 || actual >= classes_.size() || predicted >= classes_.size()) return {};
    const auto count = confusion_[static_cast<std::size_t>(actual)][static_cast<std::size_t>(predicted)];
    const auto total = rowTotal(confusion_, actual);
    const double share = total == 0 ? 0.0 : 100.0 * static_cast<double>(count) / static_cast<double>(total);
    const auto images = tr("%1 %2 %3").arg(count).arg(classes_[actual], count == 1 ? tr("image") : tr("images"));
    const auto text = actual == predicted ? tr("%1 recognised as %2").arg(images, classes_[actual])
                                          : tr("%1 taken for %2").arg(images, classes_[predicted]);
    return text + tr(" (%1% of the %2 images)").arg(share, 0, 'f', 1).arg(classes_[actual]);
}

QSize ConfusionMatrixView::sizeHint() const {
    const int n = std::max<int>(2, static_cast<int>(classes_.size()));
    return {kMargin * 2 + labelWidth() + n * 72, kHeaderHeight + kMargin + n * 72};
}

QSize ConfusionMatrixView::minimumSizeHint() const {
    const int n = std::max<int>(2, static_cast<int>(classes_.size()));
    return {kMargin * 2 + labelWidth() + n * 36, kHeaderHeight + kMargin + n * 36};
}

bool ConfusionMatrixView::event(QEvent* event) {
    if (event->type() == QEvent::ToolTip) {
        const auto* help = static_cast<QHelpEvent*>(event);
        const auto cell = cellAt(help->pos());
        const auto text = describeCell(cell.y(), cell.x());
        if (text.isEmpty())
            QToolTip::hideText();
        else
            QToolTip::showText(help->globalPos(), text, this);
        return true;
    }
    return QWidget::event(event);
}

void ConfusionMatrixView::paintEvent(QPaintEvent*) {
    QPainter painter(this);
    painter.setRenderHint(QPainter::Antialiasing);
    if (classes_.isEmpty()) {
        painter.setPen(palette().color(QPalette::PlaceholderText));
        painter.drawText(rect(), Qt::AlignCenter | Qt::TextWordWrap, tr("Evaluate a run to see its confusion matrix."));
        return;
    }
    const int n = static_cast<int>(classes_.size());
    const auto text = palette().color(QPalette::WindowText);
    auto bold = font();
    bold.setBold(true);
    // Header: "predicted" over the columns, then the class names.
    const auto first = cellRect(0, 0), last = cellRect(n - 1, n - 1);
    painter.setPen(text);
    painter.setFont(bold);
    painter.drawText(QRect(first.left(), 0, last.right() - first.left(), kHeaderHeight / 2), Qt::AlignCenter,
                     tr("predicted"));
    painter.drawText(QRect(kMargin, 0, labelWidth(), kHeaderHeight), Qt::AlignLeft | Qt::AlignBottom, tr("actual"));
    painter.setFont(font());
    for (int c = 0; c < n; ++c) {
        const auto cell = cellRect(0, c);
        painter.drawText(QRect(cell.left(), kHeaderHeight / 2, cell.width(), kHeaderHeight / 2), Qt::AlignCenter,
                         fontMetrics().elidedText(classes_[c], Qt::ElideRight, cell.width() - 4));
    }
    for (int r = 0; r < n; ++r) {
        const auto rowStart = cellRect(r, 0);
        painter.setPen(text);
        painter.drawText(QRect(kMargin, rowStart.top(), labelWidth() - 6, rowStart.height()),
                         Qt::AlignRight | Qt::AlignVCenter,
                         fontMetrics().elidedText(classes_[r], Qt::ElideRight, labelWidth() - 8));
        const auto total = rowTotal(confusion_, r);
        for (int c = 0; c < n; ++c) {
            const auto count = confusion_[static_cast<std::size_t>(r)][static_cast<std::size_t>(c)];
            const double share = total == 0 ? 0.0 : static_cast<double>(count) / static_cast<double>(total);
            const QColor base = r == c ? QColor(46, 160, 67) : QColor(214, 69, 65);
            QColor fill = base;
            fill.setAlphaF(0.08 + 0.82 * share);
            const auto cell = cellRect(r, c).adjusted(1, 1, -1, -1);
            painter.fillRect(cell, fill);
            painter.setPen(palette().color(QPalette::Mid));
            painter.drawRect(cell);
            painter.setPen(share > 0.55 ? QColor(Qt::white) : text);
            painter.setFont(bold);
            painter.drawText(cell.adjusted(0, 0, 0, -cell.height() / 4), Qt::AlignCenter, QString::number(count));
            painter.setFont(font());
            if (cell.height() >= 40) {
                painter.drawText(cell.adjusted(0, cell.height() / 2, 0, 0), Qt::AlignCenter,
                                 QStringLiteral("%1%").arg(share * 100.0, 0, 'f', 1));
            }
        }
    }
}

}  // namespace tl::ui
