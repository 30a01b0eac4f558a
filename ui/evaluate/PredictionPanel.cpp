#include "ui/evaluate/PredictionPanel.h"

#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QDir>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QMimeData>
#include <QProgressBar>
#include <QPushButton>
#include <QShortcut>
#include <QStandardPaths>
#include <QTabWidget>
#include <QUuid>
#include <QVBoxLayout>
#include <exception>

#include "core/data/ImageDecoder.h"
#include "core/inference/Heatmap.h"
#include "core/inference/Predictor.h"
#include "core/util/UserMessage.h"
#include "ui/common/DroppedFiles.h"
#include "ui/common/ImageConversion.h"
#include "ui/common/ImageThumbnail.h"
#include "ui/common/InlineMessage.h"
#include "ui/common/PathText.h"
#include "ui/evaluate/FeatureMapView.h"
#include "ui/evaluate/RunPicker.h"
#include "ui/evaluate/RunPredictors.h"

namespace tl::ui {

struct PredictionPanel::ListOutcome {
    QString run;
    QStringList files;
    QStringList captions;
    QList<QImage> thumbnails;  ///< made off the GUI thread: a dropped folder can hold hundreds of photos
    QString error;
};

struct PredictionPanel::ExplainOutcome {
    QString run;
    QString file;
    QStringList classes;
    QStringList layers;
    QString defaultLayer;
    tl::Prediction prediction;
    QImage input;
    QImage overlay;
    QImage mosaic;     ///< the layer's feature maps (featureMapMosaic)
    QString imagenet;  ///< what the pretrained base with its own classifier sees, or why nothing
    QString mapsText;  ///< what the mosaic shows, or why there is none
    QString error;
};

namespace {

constexpr int kPictureSide = 420;
constexpr int kFeatureMaps = 64;  ///< channels shown at most

QString captionFor(const tl::Prediction& prediction, const std::vector<std::string>& classes) {
    if (!prediction.error.empty()) return QObject::tr("cannot read");
    const auto best = static_cast<std::size_t>(prediction.predicted);
    return QStringLiteral("%1 %2%")
        .arg(QString::fromStdString(classes[best]))
        .arg(prediction.probabilities[best] * 100.0, 0, 'f', 0);
}

/// Any thread (QImage only).
QImage thumbnail(const QString& file) {
    return readThumbnail(file, 56);
}

}  // namespace

PredictionPanel::PredictionPanel(QWidget* parent)
    : QWidget(parent),
      picker_(new RunPicker(tr("whose model should predict"))),
      layer_(new QComboBox),
      heatmap_(new QCheckBox(tr("He&atmap"))),
      openButton_(new QPushButton(tr("&Open Image…"))),
      list_(new QListWidget),
      picture_(new QLabel),
      caption_(new QLabel),
      views_(new QTabWidget),
      maps_(new FeatureMapView),
      imagenet_(new QLabel),
      rows_(new QGridLayout),
      progress_(new QProgressBar),
      status_(new InlineMessage),
      model_(std::make_shared<RunPredictors>()),
      listJobs_([this](const std::shared_ptr<ListOutcome>& outcome) { onListed(outcome); }),
      explainJobs_([this](const std::shared_ptr<ExplainOutcome>& outcome) { onExplained(outcome); }) {
    setObjectName(QStringLiteral("PredictionPanel"));
    setAcceptDrops(true);
    layer_->setObjectName(QStringLiteral("HeatmapLayer"));
    layer_->setToolTip(
        tr("The layer whose activations the heatmap weighs (Grad-CAM) and the Feature maps tab shows. The last "
           "convolution sees "
           "whole parts; earlier layers show edges and textures at a finer grain."));
    layer_->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    heatmap_->setChecked(true);
    heatmap_->setToolTip(
        tr("Colour the image by where the model found evidence for the predicted class: red most, "
           "blue none (Grad-CAM)."));
    openButton_->setToolTip(
        tr("Classify image files (Ctrl+I). You can also drop images or a folder anywhere on "
           "this tab, or paste one (Ctrl+V)."));
    list_->setObjectName(QStringLiteral("PredictionList"));
    list_->setIconSize({56, 56});
    list_->setMinimumWidth(220);
    list_->setMaximumWidth(320);
    list_->setToolTip(tr("The images dropped here, with the class each was given."));
    picture_->setObjectName(QStringLiteral("PredictionPicture"));
    picture_->setAlignment(Qt::AlignCenter);
    picture_->setMinimumSize(kPictureSide, kPictureSide);
    picture_->setFrameShape(QFrame::StyledPanel);
    picture_->setWordWrap(true);
    caption_->setObjectName(QStringLiteral("PredictionCaption"));
    caption_->setWordWrap(true);
    caption_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    progress_->setVisible(false);
    progress_->setRange(0, 0);

    auto* top = new QHBoxLayout;
    top->addWidget(picker_, 1);
    top->addSpacing(12);
    auto* layerLabel = new QLabel(tr("&Layer:"));
    layerLabel->setBuddy(layer_);
    top->addWidget(layerLabel);
    top->addWidget(layer_);
    top->addWidget(heatmap_);
    top->addWidget(openButton_);

    imagenet_->setObjectName(QStringLiteral("ImagenetTop"));
    imagenet_->setWordWrap(true);
    imagenet_->setToolTip(
        tr("The five classes the backbone's published classifier (ImageNet's 1000, or the lesson's "
           "60 source classes) gives this image: what the base knew before this run."));
    views_->setObjectName(QStringLiteral("PredictionViews"));
    views_->addTab(picture_, tr("&Where it looked"));
    views_->setTabToolTip(0, tr("The image with its Grad-CAM heatmap: where the evidence for the class lies."));
    views_->addTab(maps_, tr("&Feature maps"));
    views_->setTabToolTip(1, tr("What the chosen layer computed for this image, channel by channel: edges and "
                                "colours in early layers, parts of objects in late ones."));

    auto* detail = new QVBoxLayout;
    detail->addWidget(views_, 1);
    detail->addWidget(caption_);
    detail->addLayout(rows_);
    detail->addWidget(imagenet_);
    auto* body = new QHBoxLayout;
    body->addWidget(list_);
    body->addLayout(detail, 1);

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(progress_);
    layout->addWidget(status_);
    layout->addLayout(body, 1);

    connect(openButton_, &QPushButton::clicked, this, &PredictionPanel::chooseImages);
    connect(picker_, &RunPicker::chooseRunRequested, this, &PredictionPanel::chooseRunRequested);
    connect(picker_, &RunPicker::checkpointChanged, this, [this] {
        classifyList();
        explainSelected();
    });
    connect(list_, &QListWidget::currentRowChanged, this, [this] { explainSelected(); });
    connect(layer_, &QComboBox::activated, this, [this] { explainSelected(); });
    connect(heatmap_, &QCheckBox::toggled, this, [this] { showExplanation(); });
    auto* pasteKey = new QShortcut(QKeySequence::Paste, this);
    pasteKey->setContext(Qt::WidgetWithChildrenShortcut);
    connect(pasteKey, &QShortcut::activated, this, &PredictionPanel::paste);
    setRun({});
}

PredictionPanel::~PredictionPanel() = default;

void PredictionPanel::setRun(const QString& folder) {
    const auto before = modelKey();
    run_ = folder;
    picker_->setRun(folder);
    const bool changed = modelKey() != before;
    openButton_->setEnabled(!folder.isEmpty());
    if (folder.isEmpty()) {
        picture_->setText(
            tr("Train a model first (3 · Train), or choose a run folder. Then drop images or a folder "
               "here to see what the model predicts and where it looked."));
        return;
    }
    if (changed && list_->count() > 0) {
        classifyList();
        explainSelected();
    } else if (list_->count() == 0) {
        picture_->setText(
            tr("Drop images or a folder here (or paste one, or Open Image…) to see what this model "
               "predicts and where it looked."));
    }
}

bool PredictionPanel::acceptsMime(const QMimeData* mime) const {
    return !run_.isEmpty() && mime != nullptr && (mime->hasImage() || !droppedImageFiles(mime, 1).isEmpty());
}

void PredictionPanel::addFromMime(const QMimeData* mime) {
    if (mime == nullptr) return;
    auto files = droppedImageFiles(mime, kImageLimit);
    if (files.isEmpty() && mime->hasImage()) {
        // A bitmap without a file (a screenshot, a browser's "Copy Image"): saved as a PNG to classify.
        const auto image = qvariant_cast<QImage>(mime->imageData());
        const auto folder = QDir(QStandardPaths::writableLocation(QStandardPaths::TempLocation));
        const auto file = folder.filePath(
            QStringLiteral("transferlab-pasted-%1.png").arg(QUuid::createUuid().toString(QUuid::Id128).left(8)));
        if (!image.isNull() && image.save(file)) files.append(file);
    }
    if (files.isEmpty()) {
        status_->showMessage(
            InlineMessage::Kind::Warning,
            tr("Nothing to classify: drop image files (.jpg .png .bmp .tif .webp) or a folder of them."));
        return;
    }
    addImages(files);
}

void PredictionPanel::dragEnterEvent(QDragEnterEvent* event) {
    if (acceptsMime(event->mimeData())) event->acceptProposedAction();
}

void PredictionPanel::dropEvent(QDropEvent* event) {
    if (!acceptsMime(event->mimeData())) return;
    event->acceptProposedAction();
    addFromMime(event->mimeData());
}

void PredictionPanel::chooseImages() {
    if (run_.isEmpty()) return;
    const auto files = QFileDialog::getOpenFileNames(this, tr("Classify images"), QString(),
                                                     tr("Images (*.jpg *.jpeg *.png *.bmp *.tif *.tiff *.webp)"));
    if (!files.isEmpty()) addImages(files);
}

void PredictionPanel::paste() {
    if (run_.isEmpty()) return;
    addFromMime(QApplication::clipboard()->mimeData());
}

void PredictionPanel::addImages(const QStringList& files) {
    if (run_.isEmpty() || files.isEmpty()) return;
    status_->clearMessage();
    const int first = list_->count();
    for (const auto& file : files) {
        auto* item = new QListWidgetItem(QFileInfo(file).fileName() + QStringLiteral("\n…"));
        item->setData(Qt::UserRole, file);
        item->setToolTip(file);
        list_->addItem(item);
    }
    classifyList();
    list_->setCurrentRow(first);  // explains it
}

void PredictionPanel::classifyList() {
    QStringList files = images();
    if (files.isEmpty() || run_.isEmpty()) return;
    progress_->setVisible(true);
    listJobs_.submit([model = model_, run = run_, key = modelKey(), checkpoint = picker_->checkpoint(),
                      files](const std::atomic<bool>& stop) {
        auto outcome = std::make_shared<ListOutcome>();
        outcome->run = key;
        std::lock_guard lock(model->mutex);
        try {
            auto& predictor = model->forRun(run, checkpoint);
            for (const auto& file : files) {
                if (stop.load()) break;
                outcome->files.append(file);
                outcome->captions.append(captionFor(predictor.predict(toPath(file)), predictor.classes()));
                outcome->thumbnails.append(thumbnail(file));
            }
        } catch (const std::exception& error) {
            outcome->error = QString::fromStdString(tl::userMessage(error));
        }
        return outcome;
    });
}

void PredictionPanel::onListed(const std::shared_ptr<ListOutcome>& outcome) {
    progress_->setVisible(explainJobs_.isBusy());
    if (outcome->run != modelKey()) return;
    if (!outcome->error.isEmpty()) status_->showMessage(InlineMessage::Kind::Error, outcome->error);
    for (int row = 0; row < list_->count(); ++row) {
        auto* item = list_->item(row);
        const auto index = outcome->files.indexOf(item->data(Qt::UserRole).toString());
        if (index < 0) continue;
        item->setText(QFileInfo(outcome->files[index]).fileName() + QStringLiteral("\n") + outcome->captions[index]);
        item->setData(Qt::UserRole + 1, outcome->captions[index]);
        if (item->icon().isNull() && !outcome->thumbnails[index].isNull()) {
            item->setIcon(QIcon(QPixmap::fromImage(outcome->thumbnails[index])));
        }
    }
    Q_EMIT listed();
}

void PredictionPanel::explainSelected() {
    const auto* item = list_->currentItem();
    if (item == nullptr || run_.isEmpty()) return;
    const auto file = item->data(Qt::UserRole).toString();
    const auto layer = loadedLayersFor_ == modelKey() ? layer_->currentData().toString() : QString();
    progress_->setVisible(true);
    explainJobs_.submit([model = model_, run = run_, key = modelKey(), checkpoint = picker_->checkpoint(), file,
                         layer](const std::atomic<bool>&) {
        auto outcome = std::make_shared<ExplainOutcome>();
        outcome->run = key;
        outcome->file = file;
        std::lock_guard lock(model->mutex);
        try {
            auto& predictor = model->forRun(run, checkpoint);
            for (const auto& name : predictor.classes()) outcome->classes.append(QString::fromStdString(name));
            for (const auto& name : predictor.camLayers()) outcome->layers.append(QString::fromStdString(name));
            outcome->defaultLayer = QString::fromStdString(predictor.defaultCamLayer());
            outcome->prediction = predictor.explain(toPath(file), layer.toStdString());
            const auto& p = outcome->prediction;
            if (p.error.empty()) {
                // Drawn over the file at its own size: the map stretches back as the image was
                // stretched to the model's input.
                auto full = tl::ImageDecoder().decode(toPath(file));
                outcome->input = toQImage(full);
                outcome->overlay = toQImage(tl::overlayHeatmap(full, p.heatmap));
                outcome->imagenet = model->pretrainedView(key, predictor, file);
                try {
                    const auto maps = predictor.featureMaps(toPath(file), p.heatmap.layer, kFeatureMaps);
                    outcome->mosaic = FeatureMapView::picture(maps);
                    outcome->mapsText = FeatureMapView::describe(maps);
                } catch (const std::exception& error) {
                    outcome->mapsText = QString::fromStdString(tl::userMessage(error));
                }
            }
        } catch (const std::exception& error) {
            outcome->error = QString::fromStdString(tl::userMessage(error));
        }
        return outcome;
    });
}

void PredictionPanel::onExplained(const std::shared_ptr<ExplainOutcome>& outcome) {
    progress_->setVisible(listJobs_.isBusy());
    if (outcome->run != modelKey()) return;
    if (loadedLayersFor_ != outcome->run && !outcome->layers.isEmpty()) {
        layer_->clear();
        for (const auto& name : outcome->layers) {
            layer_->addItem(name == outcome->defaultLayer ? tr("%1 (last convolution)").arg(name) : name, name);
        }
        layer_->setCurrentIndex(static_cast<int>(outcome->layers.indexOf(outcome->defaultLayer)));
        loadedLayersFor_ = outcome->run;
    }
    probabilities_.clear();
    heatmapLayer_.clear();
    input_ = {};
    overlay_ = {};
    maps_->setMaps(outcome->mosaic, outcome->mapsText);
    imagenet_->setText(outcome->imagenet.isEmpty()
                           ? QString()
                           : tr("<b>Before transfer learning</b>, the pretrained base with its own classifier sees: %1")
                                 .arg(outcome->imagenet.toHtmlEscaped()));
    const auto& p = outcome->prediction;
    QString error = outcome->error;
    if (error.isEmpty() && !p.error.empty()) error = QString::fromStdString(tl::userMessage(p.error));
    if (!error.isEmpty()) {
        status_->showMessage(InlineMessage::Kind::Error, error);
        caption_->setText(QFileInfo(outcome->file).fileName());
        picture_->setText(tr("This image could not be classified."));
        shown_ = {};
    } else {
        status_->clearMessage();
        for (std::size_t c = 0; c < p.probabilities.size(); ++c) {
            probabilities_.append({outcome->classes.value(static_cast<int>(c)), p.probabilities[c]});
        }
        heatmapLayer_ = QString::fromStdString(p.heatmap.layer);
        input_ = outcome->input;
        overlay_ = outcome->overlay;
        const auto best = probabilities_.value(p.predicted);
        auto caption = tr("<b>%1</b>: %2 (%3%). Heatmap: evidence for %2 at layer %4.")
                           .arg(QFileInfo(outcome->file).fileName().toHtmlEscaped(), best.first.toHtmlEscaped())
                           .arg(best.second * 100.0, 0, 'f', 1)
                           .arg(heatmapLayer_);
        // A file from a class folder (a split's image) carries its true class: say whether it is right.
        const auto folder = QFileInfo(outcome->file).dir().dirName();
        if (outcome->classes.contains(folder)) {
            caption += folder == best.first ? tr(" Its folder says %1: right.").arg(folder.toHtmlEscaped())
                                            : tr(" Its folder says <b>%1</b>: wrong.").arg(folder.toHtmlEscaped());
        }
        caption_->setText(caption);
    }
    showProbabilityRows();
    showExplanation();
    Q_EMIT explained();
}

void PredictionPanel::showExplanation() {
    shown_ = heatmap_->isChecked() && !overlay_.isNull() ? overlay_ : input_;
    if (shown_.isNull()) return;
    picture_->setPixmap(
        QPixmap::fromImage(shown_.scaled(kPictureSide, kPictureSide, Qt::KeepAspectRatio, Qt::SmoothTransformation)));
}

void PredictionPanel::showProbabilityRows() {
    while (auto* item = rows_->takeAt(0)) {
        delete item->widget();
        delete item;
    }
    int best = -1;
    for (int i = 0; i < probabilities_.size(); ++i) {
        if (best < 0 || probabilities_[i].second > probabilities_[best].second) best = i;
    }
    for (int i = 0; i < probabilities_.size(); ++i) {
        auto* name = new QLabel(i == best ? QStringLiteral("<b>%1</b>").arg(probabilities_[i].first.toHtmlEscaped())
                                          : probabilities_[i].first.toHtmlEscaped());
        auto* bar = new QProgressBar;
        bar->setRange(0, 1000);
        bar->setValue(static_cast<int>(probabilities_[i].second * 1000.0 + 0.5));
        bar->setFormat(QStringLiteral("%1%").arg(probabilities_[i].second * 100.0, 0, 'f', 1));
        bar->setToolTip(tr("The model's probability that this image is %1.").arg(probabilities_[i].first));
        rows_->addWidget(name, i, 0);
        rows_->addWidget(bar, i, 1);
    }
}

QString PredictionPanel::modelKey() const {
    return run_.isEmpty() ? QString()
                          : run_ + QLatin1Char('\n') + QString::fromStdString(tl::toString(picker_->checkpoint()));
}

bool PredictionPanel::isBusy() const {
    return listJobs_.isBusy() || explainJobs_.isBusy();
}

QStringList PredictionPanel::images() const {
    QStringList files;
    for (int row = 0; row < list_->count(); ++row) files.append(list_->item(row)->data(Qt::UserRole).toString());
    return files;
}

QString PredictionPanel::captionAt(int row) const {
    const auto* item = list_->item(row);
    return item ? item->data(Qt::UserRole + 1).toString() : QString();
}

QString PredictionPanel::captionText() const {
    return caption_->text();
}

QString PredictionPanel::imagenetText() const {
    return imagenet_->text();
}

QImage PredictionPanel::featureMapImage() const {
    return maps_->image();
}

QString PredictionPanel::featureMapText() const {
    return maps_->text();
}

QString PredictionPanel::message() const {
    return status_->text();
}

}  // namespace tl::ui
