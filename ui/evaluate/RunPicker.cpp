#include "ui/evaluate/RunPicker.h"

#include <QComboBox>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <exception>
#include <filesystem>

#include "core/runs/RunFolder.h"
#include "ui/common/PathText.h"

namespace tl::ui {

RunPicker::RunPicker(const QString& purpose, QWidget* parent)
    : QWidget(parent), name_(new QLabel), choose_(new QPushButton(tr("Choose R&un…"))), checkpoint_(new QComboBox) {
    name_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    choose_->setToolTip(tr("Pick another run folder %1.").arg(purpose));
    checkpoint_->setObjectName(QStringLiteral("CheckpointChoice"));
    checkpoint_->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    checkpoint_->setToolTip(
        tr("Which weights of the run: those of the epoch with the best validation accuracy (kept as "
           "model-best.pt, like Keras' save_best_only), or those of the last epoch trained (model.pt). "
           "The best epoch was chosen on the validation split, so only the test split measures it "
           "honestly."));
    auto* row = new QHBoxLayout(this);
    row->setContentsMargins(0, 0, 0, 0);
    row->addWidget(new QLabel(tr("Run:")));
    row->addWidget(name_, 1);
    row->addWidget(choose_);
    row->addSpacing(12);
    auto* label = new QLabel(tr("&Weights:"));
    label->setBuddy(checkpoint_);
    row->addWidget(label);
    row->addWidget(checkpoint_);
    connect(choose_, &QPushButton::clicked, this, &RunPicker::chooseRunRequested);
    connect(checkpoint_, &QComboBox::activated, this, &RunPicker::checkpointChanged);
    setRun({});
}

void RunPicker::setRun(const QString& folder) {
    const auto kept = checkpoint();
    run_ = folder;
    name_->setText(folder.isEmpty() ? tr("none yet: train a model (3 · Train) or choose a run folder")
                                    : QFileInfo(folder).fileName());
    name_->setToolTip(folder);
    checkpoint_->clear();
    if (folder.isEmpty()) {
        checkpoint_->setEnabled(false);
        return;
    }
    checkpoint_->setEnabled(true);
    try {
        const auto run = tl::RunFolder::open(toPath(folder));
        const auto summary = run.readSummary();
        if (std::filesystem::is_regular_file(run.bestCheckpointFile())) {
            checkpoint_->addItem(tr("best epoch (%1, val. %2%)")
                                     .arg(summary.best.epoch)
                                     .arg(summary.best.validationAccuracy * 100.0, 0, 'f', 1),
                                 QStringLiteral("best"));
        }
        checkpoint_->addItem(tr("last epoch (%1)").arg(summary.epochsCompleted), QStringLiteral("last"));
    } catch (const std::exception&) {
        // A run without a readable summary still has its model.pt, or says why not when loaded.
        checkpoint_->addItem(tr("last epoch"), QStringLiteral("last"));
    }
    const int index = checkpoint_->findData(QString::fromStdString(tl::toString(kept)));
    checkpoint_->setCurrentIndex(index >= 0 ? index : 0);
}

tl::CheckpointChoice RunPicker::checkpoint() const {
    return checkpoint_->currentData().toString() == QStringLiteral("last") ? tl::CheckpointChoice::Last
                                                                           : tl::CheckpointChoice::Best;
}

void RunPicker::setBusy(bool busy) {
    choose_->setEnabled(!busy);
    checkpoint_->setEnabled(!busy && !run_.isEmpty());
}

}  // namespace tl::ui
