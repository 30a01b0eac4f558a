#include "ui/evaluate/EvaluationPanel.h"

#include <QComboBox>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QSplitter>
#include <QTableWidget>
#include <QVBoxLayout>
#include <exception>

#include "core/evaluation/RocCurve.h"
#include "core/runs/RunFolder.h"
#include "core/training/Evaluator.h"
#include "core/util/UserMessage.h"
#include "ui/common/DurationText.h"
#include "ui/common/InlineMessage.h"
#include "ui/common/PathText.h"
#include "ui/evaluate/ConfusionMatrixView.h"
#include "ui/evaluate/MisclassifiedGallery.h"
#include "ui/evaluate/ProbabilityHistogramChart.h"
#include "ui/evaluate/RocChart.h"
#include "ui/evaluate/RunPicker.h"

namespace tl::ui {

struct EvaluationPanel::Outcome {
    QString run;
    tl::Evaluation evaluation;
    QString checkpoint;                   ///< which weights, for people (RunFolder::describeCheckpoint)
    std::vector<tl::ImageOutcome> wrong;  ///< the first kGalleryLimit, most confidently wrong first
    int totalWrong = 0;
    QList<QImage> thumbnails;
    QString error;
};

namespace {

QTableWidgetItem* cell(const QString& text) {
    auto* item = new QTableWidgetItem(text);
    item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
    return item;
}

}  // namespace

EvaluationPanel::EvaluationPanel(QWidget* parent)
    : QWidget(parent),
      picker_(new RunPicker(tr("to evaluate"))),
      split_(new QComboBox),
      evaluateButton_(new QPushButton(tr("Evaluate"))),
      cancelButton_(new QPushButton(tr("Cancel"))),
      progress_(new QProgressBar),
      status_(new InlineMessage),
      summary_(new QLabel),
      report_(new QTableWidget(0, 4)),
      confusion_(new ConfusionMatrixView),
      roc_(new RocChart),
      histogram_(new ProbabilityHistogramChart),
      galleryTitle_(new QLabel),
      gallery_(new MisclassifiedGallery),
      jobs_([this](const std::shared_ptr<Outcome>& outcome) { onFinished(outcome); }) {
    setObjectName(QStringLiteral("EvaluationPanel"));
    split_->setObjectName(QStringLiteral("EvaluationSplit"));
    split_->addItem(tr("test"), QStringLiteral("test"));
    split_->addItem(tr("validation"), QStringLiteral("validation"));
    split_->addItem(tr("train"), QStringLiteral("train"));
    split_->setToolTip(
        tr("The test split was never seen while training or choosing the epoch: it is the honest "
           "measure. Validation is what the curves showed; train shows how much was memorised."));
    evaluateButton_->setObjectName(QStringLiteral("EvaluateButton"));
    evaluateButton_->setToolTip(tr("Run the trained model over every image of the split (Ctrl+E)."));
    evaluateButton_->setDefault(true);
    cancelButton_->setVisible(false);
    progress_->setVisible(false);
    progress_->setTextVisible(true);
    progress_->setFormat(tr("%v of %m images"));
    summary_->setObjectName(QStringLiteral("EvaluationSummary"));
    summary_->setWordWrap(true);
    summary_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    report_->setObjectName(QStringLiteral("EvaluationReport"));
    report_->setHorizontalHeaderLabels({tr("Precision"), tr("Recall"), tr("F1"), tr("Images")});
    report_->horizontalHeaderItem(0)->setToolTip(tr("Of the images predicted as this class, the share that are."));
    report_->horizontalHeaderItem(1)->setToolTip(tr("Of the images of this class, the share found."));
    report_->horizontalHeaderItem(2)->setToolTip(tr("The harmonic mean of precision and recall."));
    report_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    report_->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    report_->setMinimumHeight(110);

    auto* top = new QHBoxLayout;
    top->addWidget(picker_, 1);
    top->addSpacing(12);
    auto* splitLabel = new QLabel(tr("&Split:"));
    splitLabel->setBuddy(split_);
    top->addWidget(splitLabel);
    top->addWidget(split_);
    top->addWidget(evaluateButton_);
    top->addWidget(cancelButton_);

    auto* tables = new QVBoxLayout;
    tables->addWidget(summary_);
    tables->addWidget(report_, 1);
    auto* upper = new QHBoxLayout;
    upper->addWidget(confusion_, 2);
    upper->addLayout(tables, 3);
    auto* charts = new QHBoxLayout;
    charts->addWidget(roc_, 1);
    charts->addWidget(histogram_, 1);

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(progress_);
    layout->addWidget(status_);
    layout->addLayout(upper, 3);
    layout->addLayout(charts, 4);
    layout->addWidget(galleryTitle_);
    layout->addWidget(gallery_, 3);

    connect(evaluateButton_, &QPushButton::clicked, this, &EvaluationPanel::evaluate);
    connect(cancelButton_, &QPushButton::clicked, this, [this] { jobs_.cancel(); });
    connect(picker_, &RunPicker::chooseRunRequested, this, &EvaluationPanel::chooseRunRequested);
    connect(picker_, &RunPicker::checkpointChanged, this, &EvaluationPanel::clearResults);
    connect(gallery_, &MisclassifiedGallery::imageActivated, this, &EvaluationPanel::imageChosen);
    setRun({});
}

EvaluationPanel::~EvaluationPanel() = default;

void EvaluationPanel::setRun(const QString& folder) {
    if (folder != run_) clearResults();
    run_ = folder;
    picker_->setRun(folder);  // also when unchanged: a finished run has new checkpoints to offer
    updateButtons();
}

void EvaluationPanel::setTrainingActive(bool active) {
    trainingActive_ = active;
    updateButtons();
}

void EvaluationPanel::updateButtons() {
    const bool busy = jobs_.isBusy();
    evaluateButton_->setEnabled(!run_.isEmpty() && !trainingActive_ && !busy);
    evaluateButton_->setToolTip(trainingActive_ ? tr("A training run is using the processor; evaluate when it ends.")
                                                : tr("Run the trained model over every image of the split (Ctrl+E)."));
    cancelButton_->setVisible(busy);
    progress_->setVisible(busy);
    split_->setEnabled(!busy);
    picker_->setBusy(busy);
}

void EvaluationPanel::clearResults() {
    summary_->setText(tr("Choose a split and press Evaluate."));
    report_->setRowCount(0);
    confusion_->clear();
    roc_->showUnavailable(tr("ROC curve"));
    histogram_->clear();
    gallery_->clear();
    galleryTitle_->setText(tr("Misclassified images"));
    status_->clearMessage();
}

void EvaluationPanel::evaluate() {
    if (run_.isEmpty() || trainingActive_ || jobs_.isBusy()) return;
    const auto folder = toPath(run_);
    const auto split = tl::parseSplitName(split_->currentData().toString().toStdString());
    const auto checkpoint = picker_->checkpoint();
    progress_->setRange(0, 0);
    status_->clearMessage();
    jobs_.submit([this, folder, split, checkpoint, run = run_](const std::atomic<bool>& stop) {
        auto outcome = std::make_shared<Outcome>();
        outcome->run = run;
        tl::TrainingControl control;
        tl::TrainingCallbacks callbacks;
        callbacks.onProgress = [this, &stop, &control](const tl::PhaseProgress& step) {
            if (stop.load()) control.requestStop();
            const int done = static_cast<int>(step.done), total = static_cast<int>(step.total);
            // Queued to the GUI thread; the destructor waits for this job, so `this` outlives it.
            QMetaObject::invokeMethod(
                this, [this, done, total] { progress_->setRange(0, total), progress_->setValue(done); },
                Qt::QueuedConnection);
        };
        try {
            outcome->evaluation = tl::evaluateRun(folder, split, callbacks, &control, 0, checkpoint);
            outcome->checkpoint =
                QString::fromStdString(tl::RunFolder::open(folder).describeCheckpoint(outcome->evaluation.checkpoint));
            auto wrong = tl::mostConfidentlyWrong(outcome->evaluation.outcomes);
            outcome->totalWrong = static_cast<int>(wrong.size());
            if (wrong.size() > static_cast<std::size_t>(kGalleryLimit)) wrong.resize(kGalleryLimit);
            outcome->thumbnails = MisclassifiedGallery::makeThumbnails(wrong);
            outcome->wrong = std::move(wrong);
        } catch (const std::exception& error) {
            outcome->error = QString::fromStdString(tl::userMessage(error));
        }
        return outcome;
    });
    updateButtons();
}

void EvaluationPanel::onFinished(const std::shared_ptr<Outcome>& outcome) {
    updateButtons();
    if (outcome->run == run_) showOutcome(*outcome);
    Q_EMIT evaluated();
}

void EvaluationPanel::showOutcome(const Outcome& outcome) {
    if (!outcome.error.isEmpty()) {
        clearResults();
        summary_->setText(tr("No evaluation."));
        status_->showMessage(InlineMessage::Kind::Error, outcome.error);
        return;
    }
    const auto& e = outcome.evaluation;
    if (e.stopped) {
        status_->showMessage(InlineMessage::Kind::Warning,
                             tr("Evaluation cancelled; nothing shown is from a whole split."));
        return;
    }
    if (e.images == 0) {
        clearResults();
        status_->showMessage(InlineMessage::Kind::Warning,
                             tr("The %1 split of this run holds no image that could be read.")
                                 .arg(QString::fromStdString(std::string(tl::toString(e.split)))));
        return;
    }
    QStringList classes;
    for (const auto& name : e.classes) classes.append(QString::fromStdString(name));
    const auto splitName = QString::fromStdString(std::string(tl::toString(e.split)));
    QString text = tr("%1 split: %2 %3, accuracy %4, loss %5")
                       .arg(splitName)
                       .arg(e.images)
                       .arg(e.images == 1 ? tr("image") : tr("images"), percentText(e.accuracy))
                       .arg(e.loss, 0, 'f', 4);
    if (classes.size() == 2) {
        const auto curve = tl::RocCurve::of(e.outcomes);
        if (curve.defined) {
            roc_->setCurve(curve, classes[1]);
            text += tr(", ROC AUC %1").arg(curve.auc, 0, 'f', 3);
        } else {
            roc_->showUnavailable(tr("No ROC curve: the split holds only one class"));
        }
    } else {
        roc_->showUnavailable(tr("ROC curves are drawn for two classes"));
    }
    text += tr(". Weights: %1.").arg(outcome.checkpoint);
    if (e.skippedFiles > 0) text += tr(" Unreadable files skipped: %1.").arg(e.skippedFiles);
    summary_->setText(text);

    const auto report = tl::ClassificationReport::of(e.confusion);
    report_->setRowCount(static_cast<int>(classes.size()) + 1);
    QStringList rows = classes;
    rows.append(tr("macro mean"));
    report_->setVerticalHeaderLabels(rows);
    for (int r = 0; r < rows.size(); ++r) {
        const auto& s = r < classes.size() ? report.perClass[static_cast<std::size_t>(r)] : report.macro;
        report_->setItem(r, 0, cell(percentText(s.precision)));
        report_->setItem(r, 1, cell(percentText(s.recall)));
        report_->setItem(r, 2, cell(percentText(s.f1)));
        report_->setItem(r, 3, cell(QString::number(s.support)));
    }
    confusion_->setMatrix(classes, e.confusion);
    histogram_->setHistogram(classes, tl::ProbabilityHistogram::of(e.outcomes, e.classes.size()),
                             tr("%1 split").arg(splitName));
    gallery_->setImages(outcome.wrong, outcome.thumbnails, classes, outcome.totalWrong);
    galleryTitle_->setText(outcome.totalWrong == 0
                               ? tr("Misclassified images: none, every image of the split is right")
                               : tr("Misclassified images: %1 of %2, most confidently wrong first (double-click one "
                                    "to see where the model looked)")
                                     .arg(outcome.totalWrong)
                                     .arg(e.images));
}

QString EvaluationPanel::summaryText() const {
    return summary_->text();
}

}  // namespace tl::ui
