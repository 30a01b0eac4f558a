#include "ui/model/ModelPanel.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFontDatabase>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QSplitter>
#include <QTabWidget>
#include <QVBoxLayout>
#include <optional>

#include "core/models/FreezePlanning.h"
#include "core/util/Error.h"
#include "core/util/UserMessage.h"
#include "core/weights/WeightsCatalog.h"
#include "core/weights/WeightsLookup.h"
#include "ui/common/InlineMessage.h"
#include "ui/common/PathText.h"
#include "ui/model/ImagenetProbe.h"
#include "ui/model/LayerTree.h"
#include "ui/model/WeightsSelector.h"

namespace tl::ui {

/// The result of building a model off the GUI thread.
struct ModelPanel::Build {
    tl::ModelSpec spec;
    std::unique_ptr<tl::Model> model;
    QString error;
};

namespace {

constexpr tl::Preprocessing kPreprocessings[] = {tl::Preprocessing::Auto, tl::Preprocessing::Torchvision,
                                                 tl::Preprocessing::Caffe, tl::Preprocessing::Tf,
                                                 tl::Preprocessing::Unit};

/// The preprocessing `weights` expect on `backbone`: for "imagenet", that of the file found on
/// this machine (or the one that would be downloaded); x/255 for random weights, as the lecture's
/// convnet from scratch; nothing known for a weights file (the user's choice stays).
std::optional<tl::Preprocessing> preprocessingFor(const std::string& backbone, const std::string& weights) {
    if (weights == "random") return tl::Preprocessing::Unit;
    if (weights != "imagenet") return std::nullopt;
    try {
        return tl::findImagenetWeights(backbone).entry.preprocessing;
    } catch (const std::exception&) {
        try {
            return tl::imagenetFiles(backbone).front().preprocessing;
        } catch (const std::exception&) {
            return std::nullopt;  // no ImageNet weights for this backbone
        }
    }
}

QString backboneTip() {
    return QObject::tr(
        "The pretrained convolutional base. vgg16 is the lecture's; resnet, mobilenet, inception,\n"
        "xception and squeezenet are deeper, smaller or faster. mobilenet_v1*, resnet50_keras and\n"
        "xception follow Keras' layer names and take its .h5 weights (vgg16, vgg19 and inception_v3\n"
        "take both PyTorch and Keras files). small_convnet is the lecture's from-scratch model;\n"
        "tiny is for quick tries.");
}

}  // namespace

ModelPanel::ModelPanel(QWidget* parent)
    : QWidget(parent),
      backbone_(new QComboBox),
      width_(new QSpinBox),
      height_(new QSpinBox),
      weights_(new WeightsSelector),
      preprocessing_(new QComboBox),
      pooling_(new QComboBox),
      units_(new QSpinBox),
      dropout_(new QDoubleSpinBox),
      classes_(new QLabel),
      counts_(new QLabel),
      message_(new InlineMessage),
      tree_(new LayerTree),
      summaryText_(new QPlainTextEdit),
      probe_(new ImagenetProbe),
      builds_([this](const std::shared_ptr<Build>& build) { onBuilt(build); }) {
    for (const auto& name : tl::backboneNames()) backbone_->addItem(QString::fromStdString(name));
    backbone_->setToolTip(backboneTip());
    for (auto* size : {width_, height_}) {
        size->setRange(16, 1024);
        size->setSuffix(tr(" px"));
        size->setToolTip(tr("Images are resized to this before they enter the network. The lecture uses 150 x 150."));
    }
    for (const auto preprocessing : kPreprocessings) {
        preprocessing_->addItem(QString::fromStdString(std::string(tl::toString(preprocessing))),
                                static_cast<int>(preprocessing));
    }
    preprocessing_->setToolTip(
        tr("How pixels are scaled before the network sees them. 'auto' (the default) uses what the\n"
           "weights were trained with, x/255 for random weights. Each family of pretrained weights\n"
           "expects its own: torchvision files want torchvision, Keras VGG/ResNet want caffe,\n"
           "Keras MobileNet/Inception/Xception want tf. 'unit' (x/255) is what the lecture's notebook\n"
           "fed VGG16: a mismatch that quietly costs accuracy."));
    pooling_->addItem(tr("Flatten"), static_cast<int>(tl::Pooling::Flatten));
    pooling_->addItem(tr("Global average"), static_cast<int>(tl::Pooling::GlobalAverage));
    pooling_->setToolTip(
        tr("How the base's feature maps become one vector: Flatten keeps every position (the lecture's\n"
           "8,192 values for VGG16 at 150 px), global average keeps one value per channel (far fewer weights)."));
    units_->setRange(0, 8192);
    units_->setSpecialValueText(tr("none"));
    units_->setToolTip(tr("Width of the hidden Dense layer (ReLU). The lecture uses 256; 0 leaves it out."));
    dropout_->setRange(0.0, 0.9);
    dropout_->setSingleStep(0.1);
    dropout_->setDecimals(2);
    dropout_->setToolTip(
        tr("Fraction of the hidden layer's outputs dropped at random while training (0.5 in the lecture)."));
    message_->setObjectName(QStringLiteral("modelMessage"));
    backbone_->setObjectName(QStringLiteral("Backbone"));
    width_->setObjectName(QStringLiteral("InputWidth"));
    height_->setObjectName(QStringLiteral("InputHeight"));
    preprocessing_->setObjectName(QStringLiteral("Preprocessing"));
    auto font = counts_->font();
    font.setBold(true);
    counts_->setFont(font);
    counts_->setWordWrap(true);
    summaryText_->setReadOnly(true);
    summaryText_->setLineWrapMode(QPlainTextEdit::NoWrap);
    summaryText_->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));

    auto* sizeRow = new QHBoxLayout;
    sizeRow->addWidget(width_);
    sizeRow->addWidget(new QLabel(QStringLiteral("×")));
    sizeRow->addWidget(height_);
    auto* form = new QFormLayout;
    form->addRow(tr("&Backbone:"), backbone_);
    form->addRow(tr("&Weights:"), weights_);
    form->addRow(tr("Input size:"), sizeRow);
    form->addRow(tr("&Preprocessing:"), preprocessing_);
    form->addRow(tr("Pooling:"), pooling_);
    form->addRow(tr("Dense units:"), units_);
    form->addRow(tr("Dropout:"), dropout_);
    form->addRow(tr("Classes:"), classes_);

    auto* freezeBaseButton = new QPushButton(tr("Freeze base"));
    freezeBaseButton->setToolTip(tr("Feature extraction: keep the pretrained base as it is, train only the head."));
    auto* unfreezeButton = new QPushButton(tr("Unfreeze all"));
    unfreezeButton->setToolTip(tr("Every layer trains (from scratch, or full fine-tuning)."));
    auto* freezeAllButton = new QPushButton(tr("Freeze all"));
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(freezeBaseButton);
    buttons->addWidget(unfreezeButton);
    buttons->addWidget(freezeAllButton);

    auto* left = new QWidget;
    auto* leftLayout = new QVBoxLayout(left);
    leftLayout->addLayout(form);
    leftLayout->addLayout(buttons);
    leftLayout->addWidget(counts_);
    leftLayout->addWidget(message_);
    leftLayout->addStretch(1);

    auto* tabs = new QTabWidget;
    tabs->addTab(tree_, tr("&Layers"));
    tabs->addTab(summaryText_, tr("&Summary"));
    tabs->addTab(probe_, tr("What It &Sees"));
    tabs->setTabToolTip(2, tr("Classify an image into the 1000 ImageNet classes with the pretrained backbone and its "
                              "own classifier"));
    auto* splitter = new QSplitter;
    splitter->addWidget(left);
    splitter->addWidget(tabs);
    splitter->setStretchFactor(1, 1);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(splitter);

    connect(freezeBaseButton, &QPushButton::clicked, this, &ModelPanel::freezeBase);
    connect(unfreezeButton, &QPushButton::clicked, this, &ModelPanel::unfreezeAll);
    connect(freezeAllButton, &QPushButton::clicked, tree_, [this] { tree_->setAllTrainable(false); });
    connect(tree_, &LayerTree::trainabilityChanged, this, [this] {
        updateCounts();
        Q_EMIT changed();
    });
    connect(weights_, &WeightsSelector::weightsChanged, this, [this] {
        followBackboneAndWeights();
        Q_EMIT changed();
    });
    connect(weights_, &WeightsSelector::weightsChanged, this, &ModelPanel::updateProbe);
    connect(probe_, &ImagenetProbe::downloadRequested, weights_,
            [this] { weights_->startDownload(/*includeTop=*/true); });
    connect(preprocessing_, &QComboBox::currentIndexChanged, this, &ModelPanel::changed);
    connect(backbone_, &QComboBox::currentIndexChanged, this, [this] {
        followBackboneAndWeights();
        onSpecEdited();
        Q_EMIT backboneChosen();
    });
    connect(pooling_, &QComboBox::currentIndexChanged, this, &ModelPanel::onSpecEdited);
    for (auto* spin : {width_, height_, units_})
        connect(spin, &QSpinBox::editingFinished, this, &ModelPanel::onSpecEdited);
    connect(dropout_, &QDoubleSpinBox::editingFinished, this, &ModelPanel::onSpecEdited);

    // Nothing is built until setExperiment(): the window always gives one, and building the
    // default VGG16 first would only delay the start.
    showSpec(tl::ModelSpec{});
}

ModelPanel::~ModelPanel() = default;

void ModelPanel::setExperiment(const tl::Experiment& experiment) {
    classCount_ = std::max(2, experiment.model.head.numClasses);
    showSpec(experiment.model);
    weights_->setWeights(experiment.weights);
    weights_->setStrict(experiment.weightsStrict);
    updateProbe();
    const QSignalBlocker block(preprocessing_);
    preprocessing_->setCurrentIndex(preprocessing_->findData(static_cast<int>(experiment.preprocessing)));
    proposedInput_ = experiment.model.input;
    proposedPreprocessing_ = experiment.preprocessing;
    showAutoPreprocessing();
    pendingPlan_ = experiment.freeze;
    rebuild();
}

void ModelPanel::showAutoPreprocessing() {
    const auto wanted = preprocessingFor(backbone_->currentText().toStdString(), weights_->weights());
    const int autoIndex = preprocessing_->findData(static_cast<int>(tl::Preprocessing::Auto));
    preprocessing_->setItemText(
        autoIndex,
        wanted ? tr("auto: %1 for these weights").arg(QString::fromStdString(std::string(tl::toString(*wanted))))
               : tr("auto: what the weights file was trained with"));
}

void ModelPanel::followBackboneAndWeights() {
    // What the user set stays; what came from the experiment or an earlier proposal follows the
    // backbone (its natural input size) and the weights (the preprocessing they were trained with).
    const auto backbone = backbone_->currentText().toStdString();
    const tl::ImageSize shown{width_->value(), height_->value()};
    if (shown == proposedInput_) {
        proposedInput_ = tl::naturalInputSize(backbone);
        const QSignalBlocker blockWidth(width_);
        const QSignalBlocker blockHeight(height_);
        width_->setValue(proposedInput_.width);
        height_->setValue(proposedInput_.height);
    }
    const auto current = static_cast<tl::Preprocessing>(preprocessing_->currentData().toInt());
    const auto wanted = preprocessingFor(backbone, weights_->weights());
    // "auto" says what it will be; a concrete choice that came from a proposal follows too.
    showAutoPreprocessing();
    if (current != tl::Preprocessing::Auto && current == proposedPreprocessing_ && wanted) {
        proposedPreprocessing_ = *wanted;
        const QSignalBlocker blockPreprocessing(preprocessing_);
        preprocessing_->setCurrentIndex(preprocessing_->findData(static_cast<int>(*wanted)));
    }
}

void ModelPanel::applyTo(tl::Experiment& experiment) const {
    auto spec = specFromControls();
    spec.head.numClasses = experiment.model.head.numClasses;
    experiment.model = spec;
    experiment.weights = weights_->weights();
    experiment.weightsStrict = weights_->strict();
    experiment.preprocessing = static_cast<tl::Preprocessing>(preprocessing_->currentData().toInt());
    experiment.freeze = isReady() ? tl::freezePlanFor(tree_->layers()) : pendingPlan_;
}

void ModelPanel::setImageFolder(const std::filesystem::path& folder) {
    probe_->setImageFolder(toQString(folder));
}

void ModelPanel::setClassCount(int classes) {
    if (classes < 2 || classes == classCount_) return;
    classCount_ = classes;
    onSpecEdited();
}

void ModelPanel::freezeBase() {
    if (isReady())
        tree_->freezeBase();
    else
        pendingPlan_ = tl::FreezePlan::frozenBase();
}

void ModelPanel::unfreezeAll() {
    if (isReady())
        tree_->setAllTrainable(true);
    else
        pendingPlan_ = tl::FreezePlan::allTrainable();
}

bool ModelPanel::isReady() const {
    return model_ && !builds_.isBusy();
}

tl::ModelSpec ModelPanel::specFromControls() const {
    tl::ModelSpec spec;
    spec.backbone = backbone_->currentText().toStdString();
    spec.input = {width_->value(), height_->value()};
    spec.head.pooling = static_cast<tl::Pooling>(pooling_->currentData().toInt());
    spec.head.units = units_->value();
    spec.head.dropout = dropout_->value();
    spec.head.numClasses = classCount_;
    return spec;
}

void ModelPanel::showSpec(const tl::ModelSpec& spec) {
    const QSignalBlocker blockBackbone(backbone_);
    const QSignalBlocker blockPooling(pooling_);
    backbone_->setCurrentText(QString::fromStdString(spec.backbone));
    width_->setValue(spec.input.width);
    height_->setValue(spec.input.height);
    pooling_->setCurrentIndex(pooling_->findData(static_cast<int>(spec.head.pooling)));
    units_->setValue(spec.head.units);
    dropout_->setValue(spec.head.dropout);
    classes_->setText(QString::number(classCount_));
    weights_->setBackbone(spec.backbone);
    updateProbe();
}

void ModelPanel::updateProbe() {
    probe_->setModel(backbone_->currentText().toStdString(), weights_->weights());
}

void ModelPanel::onSpecEdited() {
    const auto spec = specFromControls();
    if (model_ && spec == model_->spec()) return;
    // Keep what the user chose where it still makes sense: the same layers on the same backbone,
    // or at least the base rule (frozen base stays frozen) on another one.
    if (isReady()) {
        pendingPlan_ = tl::freezePlanFor(tree_->layers());
        if (spec.backbone != model_->spec().backbone) {
            pendingPlan_ = pendingPlan_.base == tl::FreezePlan::Base::Frozen ? tl::FreezePlan::frozenBase()
                                                                             : tl::FreezePlan::allTrainable();
        }
    }
    classes_->setText(QString::number(classCount_));
    weights_->setBackbone(spec.backbone);
    updateProbe();
    rebuild();
    Q_EMIT changed();
}

void ModelPanel::rebuild() {
    // One build at a time (a model cannot stop half-built); only the newest settings' model is shown.
    counts_->setText(tr("Building the model…"));
    const auto spec = specFromControls();
    builds_.submit([spec](const std::atomic<bool>&) {
        auto build = std::make_shared<Build>();
        build->spec = spec;
        try {
            build->model = std::make_unique<tl::Model>(spec);
        } catch (const std::exception& error) {
            build->error = QString::fromStdString(tl::userMessage(error));
        }
        return build;
    });
}

void ModelPanel::onBuilt(const std::shared_ptr<Build>& build) {
    if (!build->model) {
        model_.reset();
        tree_->clear();
        summaryText_->clear();
        counts_->clear();
        message_->showMessage(InlineMessage::Kind::Error, build->error);
        Q_EMIT modelReady();
        return;
    }
    message_->clearMessage();
    model_ = std::move(build->model);
    try {
        model_->applyFreeze(pendingPlan_);
    } catch (const tl::Error& error) {
        message_->showMessage(InlineMessage::Kind::Warning,
                              tr("The freeze plan does not fit this model, so every layer is trainable.\n%1")
                                  .arg(QString::fromStdString(error.what())));
        model_->applyFreeze(tl::FreezePlan::allTrainable());
    }
    tree_->setSummary(model_->summary());
    updateCounts();
    Q_EMIT modelReady();
}

void ModelPanel::updateCounts() {
    if (!model_) return;
    auto summary = model_->summary();
    summary.layers = tree_->layers();
    summary.trainableParameters = 0;
    summary.nonTrainableParameters = 0;
    for (const auto& layer : summary.layers) {
        const auto weights = layer.parameters - layer.statistics;
        (layer.trainable ? summary.trainableParameters : summary.nonTrainableParameters) += weights;
        summary.nonTrainableParameters += layer.statistics;
    }
    trainable_ = summary.trainableParameters;
    nonTrainable_ = summary.nonTrainableParameters;
    const QLocale locale;
    counts_->setText(tr("Trainable params: %1\nNon-trainable params: %2\nTotal params: %3")
                         .arg(locale.toString(static_cast<qlonglong>(trainable_)),
                              locale.toString(static_cast<qlonglong>(nonTrainable_)),
                              locale.toString(static_cast<qlonglong>(trainable_ + nonTrainable_))));
    summaryText_->setPlainText(QString::fromStdString(summary.format()));
}

}  // namespace tl::ui
