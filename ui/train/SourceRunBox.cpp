#include "ui/train/SourceRunBox.h"

#include <QSignalBlocker>

#include "core/runs/RunEntry.h"
#include "ui/common/PathText.h"

namespace tl::ui {

SourceRunBox::SourceRunBox(QWidget* parent) : QComboBox(parent) {
    setObjectName(QStringLiteral("SourceRun"));
    setToolTip(
        tr("The finished run whose trained model fine-tuning starts from (usually a feature extraction\n"
           "+ augmentation run: the head must be trained before the base is unfrozen)."));
    connect(this, &QComboBox::activated, this, [this] {
        pickedRun_ = currentData().toString();
        namedRun_.clear();
    });
}

void SourceRunBox::setRunsRoot(const std::filesystem::path& runsRoot) {
    runsRoot_ = runsRoot;
    refresh();
}

void SourceRunBox::setModelIdentity(const std::string& backbone, const std::vector<std::string>& classes) {
    if (backbone == backbone_ && classes == classes_) return;
    backbone_ = backbone;
    classes_ = classes;
    refresh();
}

void SourceRunBox::setNamedRun(const std::filesystem::path& run) {
    namedRun_ = run;
    pickedRun_.clear();
    refresh();
}

std::filesystem::path SourceRunBox::currentRun() const {
    return toPath(currentData().toString());
}

void SourceRunBox::refresh() {
    const QSignalBlocker block(this);
    clear();
    int newestCompatible = -1;
    for (const auto& run : tl::listRuns(runsRoot_)) {
        if (!run.hasCheckpoint) continue;
        QString label = toQString(run.folder.filename());
        if (run.summary) {
            label += tr(" — %1, %2, val acc %3%")
                         .arg(QString::fromStdString(run.summary->regime),
                              run.interrupted ? tr("interrupted")
                                              : QString::fromStdString(tl::toString(run.summary->status)))
                         .arg(run.summary->last.validationAccuracy * 100.0, 0, 'f', 1);
        } else {
            label += tr(" — no summary");
        }
        const bool compatible = run.compatibleWith(backbone_, classes_);
        if (!compatible) label += tr(" (another backbone or other classes)");
        if (compatible && newestCompatible < 0) newestCompatible = count();
        addItem(label, toQString(run.folder));
    }
    if (!namedRun_.empty() && findData(toQString(namedRun_)) < 0) {
        addItem(toQString(namedRun_.filename()), toQString(namedRun_));
    }
    int index = -1;
    if (!namedRun_.empty()) index = findData(toQString(namedRun_));
    if (index < 0 && !pickedRun_.isEmpty()) index = findData(pickedRun_);
    if (index < 0) index = newestCompatible;
    setCurrentIndex(index >= 0 ? index : 0);
    if (count() == 0) setPlaceholderText(tr("no finished run yet"));
}

}  // namespace tl::ui
