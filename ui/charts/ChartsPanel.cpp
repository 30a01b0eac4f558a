#include "ui/charts/ChartsPanel.h"

#include <QAction>
#include <QBuffer>
#include <QCheckBox>
#include <QComboBox>
#include <QFileDialog>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QImage>
#include <QLabel>
#include <QMessageBox>
#include <QPainter>
#include <QPixmap>
#include <QSaveFile>
#include <QSlider>
#include <QSvgGenerator>
#include <QToolButton>
#include <QVBoxLayout>
#include <cmath>

#include "ui/charts/MetricChart.h"

namespace tl::ui {
namespace {

const QColor kTrainingColour(31, 119, 180);   // blue
const QColor kValidationColour(214, 95, 14);  // orange

const char* const kSmoothingTip =
    QT_TRANSLATE_NOOP("tl::ui::ChartsPanel",
                      "<p>Weight of the exponential moving average drawn as the bold lines. 0 shows the raw "
                      "values; a weight w averages over roughly the last 1/(1-w) points (0.8: about 5, 0.99: about "
                      "100). The faint lines are always the raw values.</p>"
                      "<p>Smoothing hides noise, not trends: batch losses jump because every batch holds different "
                      "images, and a smoothed curve shows where they are heading.</p>");

const char* const kFormulaTip =
    QT_TRANSLATE_NOOP("tl::ui::ChartsPanel",
                      "<p><b>Lecture (DLwP)</b>: <code>smooth_curve</code> from <i>Deep Learning with Python</i>: "
                      "s<sub>0</sub> = p<sub>0</sub>, s<sub>i</sub> = s<sub>i-1</sub>&middot;f + "
                      "p<sub>i</sub>&middot;(1-f). The curve starts on the first point and stays pulled towards "
                      "it for a while (the first epoch's high loss lingers).</p>"
                      "<p><b>TensorBoard (debiased)</b>: the same average started from 0 and divided by "
                      "(1-w<sup>n</sup>), which removes that pull: early smoothed values follow the data. "
                      "Points that are not finite (a diverged batch) are shown as they are and skipped; a constant "
                      "series is left unchanged.</p>");

const char* const kAccuracyTip =
    QT_TRANSLATE_NOOP("tl::ui::ChartsPanel",
                      "<p>Why accuracy can improve while the loss does not: accuracy only asks whether each "
                      "predicted probability is on the right side of 0.5; the loss averages how far every "
                      "probability is from its label. More images can cross 0.5 to the right side while a few "
                      "confident mistakes grow more confident, and the mean loss stays flat or rises. When the "
                      "validation loss turns up while the training loss keeps falling, the model is starting to "
                      "overfit.</p>");

}  // namespace

ChartsPanel::ChartsPanel(QWidget* parent) : QWidget(parent) {
    lossChart_ = new MetricChart(tr("Loss per epoch"), MetricChart::Metric::Loss, tr("epoch"));
    accuracyChart_ = new MetricChart(tr("Accuracy per epoch"), MetricChart::Metric::Accuracy, tr("epoch"));
    batchChart_ = new MetricChart(tr("Training loss per batch"), MetricChart::Metric::Loss, tr("batch"));
    for (MetricChart* chart : {lossChart_, accuracyChart_}) {
        chart->addCurve(tr("training"), kTrainingColour);
        chart->addCurve(tr("validation"), kValidationColour);
    }
    batchChart_->addCurve(tr("training"), kTrainingColour);
    batchChart_->setMarkerLimit(12);  // batches come by the hundred: a line soon reads better
    accuracyChart_->setToolTip(tr(kAccuracyTip));
    lossChart_->setToolTip(tr(kAccuracyTip));

    chartsArea_ = new QWidget;
    auto* grid = new QGridLayout(chartsArea_);
    grid->setContentsMargins(0, 0, 0, 0);
    grid->addWidget(lossChart_, 0, 0);
    grid->addWidget(accuracyChart_, 0, 1);
    grid->addWidget(batchChart_, 1, 0, 1, 2);
    // The legends name each curve once; this line, inside what savePng() renders, says which is which.
    auto* key = new QLabel(tr("Bold lines: smoothed (moving average, weight above). Faint lines: the raw values."));
    key->setObjectName(QStringLiteral("ChartsKey"));
    key->setStyleSheet(QStringLiteral("color: palette(mid)"));
    grid->addWidget(key, 2, 0, 1, 2);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(createControls());
    layout->addWidget(chartsArea_, 1);

    redrawTimer_.setSingleShot(true);
    redrawTimer_.setInterval(kRedrawIntervalMs);
    connect(&redrawTimer_, &QTimer::timeout, this, &ChartsPanel::redrawNow);
    redrawNow();
}

QWidget* ChartsPanel::createControls() {
    auto* controls = new QWidget;
    auto* row = new QHBoxLayout(controls);
    row->setContentsMargins(0, 0, 0, 0);

    auto* label = new QLabel(tr("Smoothing:"));
    slider_ = new QSlider(Qt::Horizontal);
    slider_->setRange(0, static_cast<int>(std::lround(CurveSmoother::kMaxWeight * 100)));
    slider_->setValue(static_cast<int>(std::lround(weight_ * 100)));
    slider_->setMinimumWidth(160);
    weightLabel_ = new QLabel;
    weightLabel_->setMinimumWidth(weightLabel_->fontMetrics().horizontalAdvance("0.00 "));
    for (QWidget* widget :
         {static_cast<QWidget*>(label), static_cast<QWidget*>(slider_), static_cast<QWidget*>(weightLabel_)}) {
        widget->setToolTip(tr(kSmoothingTip));
    }
    connect(slider_, &QSlider::valueChanged, this, [this](int value) { setSmoothing(value / 100.0); });

    formulaBox_ = new QComboBox;
    formulaBox_->addItem(tr("Lecture (DLwP)"), static_cast<int>(SmoothingFormula::Lecture));
    formulaBox_->addItem(tr("TensorBoard (debiased)"), static_cast<int>(SmoothingFormula::TensorBoard));
    formulaBox_->setToolTip(tr(kFormulaTip));
    connect(formulaBox_, &QComboBox::currentIndexChanged, this,
            [this](int index) { setFormula(static_cast<SmoothingFormula>(formulaBox_->itemData(index).toInt())); });

    saveAction_ = new QAction(tr("Save &Charts as PNG or SVG…"), this);
    saveAction_->setObjectName(QStringLiteral("SaveCharts"));
    saveAction_->setShortcut(QKeySequence(tr("Ctrl+Shift+C")));
    saveAction_->setToolTip(
        tr("Writes the three charts, as shown, into one PNG image or one SVG drawing (Ctrl+Shift+C)."));
    connect(saveAction_, &QAction::triggered, this, &ChartsPanel::saveWithDialog);
    auto* saveButton = new QToolButton;
    saveButton->setDefaultAction(saveAction_);

    fullRange_ = new QCheckBox(tr("Accuracy axis 0–1"));
    fullRange_->setObjectName(QStringLiteral("AccuracyFullRange"));
    fullRange_->setToolTip(tr("Show the whole 0 to 1 range. Off, the axis fits the data, so 0.95 and 0.97 are apart."));
    connect(fullRange_, &QCheckBox::toggled, this, [this](bool full) {
        accuracyChart_->setFullRange(full);
        scheduleRedraw();
    });

    row->addWidget(label);
    row->addWidget(slider_);
    row->addWidget(weightLabel_);
    row->addSpacing(12);
    row->addWidget(formulaBox_);
    row->addSpacing(12);
    row->addWidget(fullRange_);
    row->addStretch(1);
    row->addWidget(saveButton);
    showWeight();
    return controls;
}

void ChartsPanel::clear() {
    lossChart_->clearPoints();
    accuracyChart_->clearPoints();
    batchChart_->clearPoints();
    batchesPerEpoch_ = 0;
    batchChart_->setSecondaryXAxis(tr("epoch"), 0);
    scheduleRedraw();
}

void ChartsPanel::addBatch(const tl::BatchMetrics& batch) {
    batchChart_->appendPoint(kTraining, batch.globalBatch, batch.loss);
    if (batch.batchesPerEpoch > 0 && batch.batchesPerEpoch != batchesPerEpoch_) {
        batchesPerEpoch_ = batch.batchesPerEpoch;
        batchChart_->setSecondaryXAxis(tr("epoch"), 1.0 / batchesPerEpoch_);
    }
    scheduleRedraw();
}

void ChartsPanel::addEpoch(const tl::EpochMetrics& epoch) {
    lossChart_->appendPoint(kTraining, epoch.epoch, epoch.trainLoss);
    lossChart_->appendPoint(kValidation, epoch.epoch, epoch.validationLoss);
    accuracyChart_->appendPoint(kTraining, epoch.epoch, epoch.trainAccuracy);
    accuracyChart_->appendPoint(kValidation, epoch.epoch, epoch.validationAccuracy);
    scheduleRedraw();
}

void ChartsPanel::showRun(const std::vector<tl::EpochMetrics>& epochs, const std::vector<tl::BatchMetrics>& batches) {
    clear();
    for (const tl::EpochMetrics& epoch : epochs) addEpoch(epoch);
    for (const tl::BatchMetrics& batch : batches) addBatch(batch);
    redrawNow();
}

void ChartsPanel::setSmoothing(double weight) {
    weight = CurveSmoother::clampWeight(weight);
    const int sliderValue = static_cast<int>(std::lround(weight * 100));
    if (slider_->value() != sliderValue) {
        const QSignalBlocker blocker(slider_);
        slider_->setValue(sliderValue);
    }
    if (weight == weight_) return;
    weight_ = weight;
    showWeight();
    scheduleRedraw();
    Q_EMIT smoothingChanged();
}

void ChartsPanel::setFormula(SmoothingFormula formula) {
    const int index = formulaBox_->findData(static_cast<int>(formula));
    if (formulaBox_->currentIndex() != index) {
        const QSignalBlocker blocker(formulaBox_);
        formulaBox_->setCurrentIndex(index);
    }
    if (formula == formula_) return;
    formula_ = formula;
    scheduleRedraw();
    Q_EMIT smoothingChanged();
}

void ChartsPanel::showWeight() {
    weightLabel_->setText(QString::number(weight_, 'f', 2));
}

void ChartsPanel::scheduleRedraw() {
    // Not restarted while running: a steady stream of batches still redraws every interval.
    if (!redrawTimer_.isActive()) redrawTimer_.start();
}

void ChartsPanel::redrawNow() {
    redrawTimer_.stop();
    for (MetricChart* chart : {lossChart_, accuracyChart_, batchChart_}) chart->redraw(weight_, formula_);
    ++redrawCount_;
}

void ChartsPanel::prepareExport() const {
    // Points still waiting for the timer belong in the image. Drawing them early changes no
    // data, only when the series catch up, hence the const_cast.
    if (redrawTimer_.isActive()) const_cast<ChartsPanel*>(this)->redrawNow();
    if (!chartsArea_->isVisible() && chartsArea_->size().width() < chartsArea_->minimumSizeHint().width()) {
        // Never shown: lay the charts out at their preferred size before rendering them.
        chartsArea_->resize(chartsArea_->sizeHint().expandedTo(QSize(1200, 800)));
    }
}

bool ChartsPanel::savePng(const QString& file) const {
    prepareExport();
    const QImage image = chartsArea_->grab().toImage();
    if (image.isNull()) return false;
    QSaveFile out(file);
    if (!out.open(QIODevice::WriteOnly)) return false;
    if (!image.save(&out, "PNG")) {
        out.cancelWriting();
        return false;
    }
    return out.commit();
}

bool ChartsPanel::saveSvg(const QString& file) const {
    prepareExport();
    // Rendered into memory first, so a failed write leaves no half drawing behind.
    QBuffer buffer;
    QSvgGenerator generator;
    generator.setOutputDevice(&buffer);
    generator.setSize(chartsArea_->size());
    generator.setViewBox(QRect(QPoint(0, 0), chartsArea_->size()));
    generator.setTitle(tr("Transfer Lab charts"));
    QPainter painter;
    if (!painter.begin(&generator)) return false;
    chartsArea_->render(&painter);
    painter.end();
    QSaveFile out(file);
    if (!out.open(QIODevice::WriteOnly) || out.write(buffer.data()) != buffer.size()) return false;
    return out.commit();
}

void ChartsPanel::saveWithDialog() {
    const auto png = tr("PNG images (*.png)");
    const auto svg = tr("SVG drawings, for slides and papers (*.svg)");
    QString filter = png;
    QString file = QFileDialog::getSaveFileName(this, tr("Save the charts"), QStringLiteral("charts.png"),
                                                png + QStringLiteral(";;") + svg, &filter);
    if (file.isEmpty()) return;
    const bool asSvg = file.endsWith(QStringLiteral(".svg"), Qt::CaseInsensitive) ||
                       (filter == svg && !file.endsWith(QStringLiteral(".png"), Qt::CaseInsensitive));
    const auto extension = asSvg ? QStringLiteral(".svg") : QStringLiteral(".png");
    if (!file.endsWith(extension, Qt::CaseInsensitive)) file += extension;
    if (!(asSvg ? saveSvg(file) : savePng(file))) {
        QMessageBox::warning(this, tr("Save charts"), tr("Could not write %1.").arg(file));
    }
}

}  // namespace tl::ui
