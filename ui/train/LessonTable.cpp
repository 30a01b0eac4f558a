#include "ui/train/LessonTable.h"

#include <QAction>
#include <QHeaderView>
#include <QLabel>
#include <QTableWidget>
#include <QToolButton>
#include <QVBoxLayout>
#include <numeric>

#include "ui/common/DurationText.h"
#include "ui/common/MessageText.h"

namespace tl::ui {
namespace {

QTableWidgetItem* cell(const QString& text, Qt::Alignment alignment = Qt::AlignRight | Qt::AlignVCenter) {
    auto* item = new QTableWidgetItem(text);
    item->setTextAlignment(alignment);
    item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable);
    return item;
}

}  // namespace

LessonTable::LessonTable(QAction* runLesson, QWidget* parent)
    : QWidget(parent), table_(new QTableWidget(0, ColumnCount)), total_(new QLabel) {
    setObjectName(QStringLiteral("LessonTable"));
    table_->setObjectName(QStringLiteral("LessonResults"));
    auto* intro = new QLabel(
        tr("<b>The lesson</b>: the lecture's five experiments on generated cats and dogs (200 training images), "
           "with a small VGG pretrained on 60 generated shape classes standing in for ImageNet. The lecture's "
           "figures are for VGG16 on 2,000 real photos; the order is the point."));
    intro->setWordWrap(true);
    table_->setHorizontalHeaderLabels(
        {tr("Experiment"), tr("Lecture"), tr("Validation"), tr("Best epoch"), tr("Test"), tr("Time"), tr("Status")});
    table_->horizontalHeaderItem(Lecture)->setToolTip(tr("The lecture's validation accuracy (VGG16, dogs vs cats)."));
    table_->horizontalHeaderItem(Validation)
        ->setToolTip(tr("Mean validation accuracy over the last fifth of the epochs: the plateau the curves reach."));
    table_->horizontalHeaderItem(Best)->setToolTip(tr("The best single epoch's validation accuracy."));
    table_->horizontalHeaderItem(Test)->setToolTip(tr("The final model on the test images, never seen in training."));
    table_->verticalHeader()->setVisible(false);
    table_->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    table_->horizontalHeader()->setSectionResizeMode(Experiment, QHeaderView::Stretch);
    table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table_->setSelectionBehavior(QAbstractItemView::SelectRows);

    auto* run = new QToolButton;
    run->setObjectName(QStringLiteral("RunLessonButton"));
    run->setDefaultAction(runLesson);
    run->setToolButtonStyle(Qt::ToolButtonTextOnly);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addWidget(table_, 1);
    auto* row = new QHBoxLayout;
    row->addWidget(run);
    row->addWidget(total_, 1);
    layout->addLayout(row);
}

void LessonTable::setSteps(const std::vector<tl::LessonStep>& steps) {
    table_->setRowCount(static_cast<int>(steps.size()));
    seconds_.assign(steps.size(), 0);
    for (int i = 0; i < static_cast<int>(steps.size()); ++i) {
        const auto& step = steps[static_cast<std::size_t>(i)];
        auto* title = cell(QStringLiteral("%1 · %2").arg(i + 1).arg(QString::fromStdString(step.title)),
                           Qt::AlignLeft | Qt::AlignVCenter);
        title->setToolTip(QString::fromStdString(step.experiment.description));
        table_->setItem(i, Experiment, title);
        table_->setItem(i, Lecture, cell(percentText(step.lectureAccuracy)));
        for (int column = Validation; column < ColumnCount; ++column) {
            table_->setItem(i, column, cell(QStringLiteral("—")));
        }
        table_->item(i, Status)->setText(tr("not run"));
    }
    updateTotal();
}

void LessonTable::markRunning(int index) {
    if (index < 0 || index >= table_->rowCount()) return;
    for (int column = Validation; column < Status; ++column) table_->item(index, column)->setText(QStringLiteral("…"));
    table_->item(index, Status)->setText(tr("running"));
    table_->selectRow(index);
}

void LessonTable::showResult(int index, const tl::LessonResult& result) {
    if (index < 0 || index >= table_->rowCount()) return;
    const bool measured = result.epochs > 0;
    table_->item(index, Validation)->setText(measured ? percentText(result.validationAccuracy) : QStringLiteral("—"));
    table_->item(index, Best)->setText(measured ? percentText(result.bestValidationAccuracy) : QStringLiteral("—"));
    table_->item(index, Test)->setText(measured ? percentText(result.testAccuracy) : QStringLiteral("—"));
    table_->item(index, Time)->setText(durationText(result.seconds));
    auto* status = table_->item(index, Status);
    status->setText(QString::fromStdString(tl::toString(result.status)));
    status->setToolTip(result.error.empty() ? QString()
                                            : MessageText::from(QString::fromStdString(result.error)).headline);
    seconds_[static_cast<std::size_t>(index)] = result.seconds;
    updateTotal();
}

QString LessonTable::cellText(int row, int column) const {
    const auto* item = table_->item(row, column);
    return item ? item->text() : QString();
}

void LessonTable::updateTotal() {
    const double total = std::accumulate(seconds_.begin(), seconds_.end(), 0.0);
    total_->setText(total > 0 ? tr("All steps so far: %1").arg(durationText(total))
                              : tr("Plays the five runs one after another, fine-tuning from the fourth."));
}

}  // namespace tl::ui
