#include "ui/train/TrainPanel.h"

#include <thread>

#include <QAction>
#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QDoubleValidator>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QSpinBox>
#include <QToolButton>
#include <QVBoxLayout>
#include <algorithm>
#include <limits>

#include "core/training/ExperimentFile.h"
#include "ui/charts/AugmentationPreview.h"
#include "ui/common/PathText.h"
#include "ui/common/SeedEdit.h"
#include "ui/train/RunProgressView.h"
#include "ui/train/SourceRunBox.h"

namespace tl::ui {
namespace {

using Parameter = AugmentationPreview::Parameter;

QDoubleSpinBox* makeRange(double maximum, double step, int decimals, const QString& suffix, Parameter parameter) {
    auto* spin = new QDoubleSpinBox;
    spin->setRange(0.0, maximum);
    spin->setSingleStep(step);
    spin->setDecimals(decimals);
    spin->setSuffix(suffix);
    spin->setToolTip(AugmentationPreview::parameterToolTip(parameter));
    return spin;
}

/// A push-button-like tool button that shows `action` and follows its text, state and tooltip.
QToolButton* buttonFor(QAction* action) {
    auto* button = new QToolButton;
    button->setDefaultAction(action);
    button->setToolButtonStyle(Qt::ToolButtonTextOnly);
    button->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    button->setMinimumHeight(28);
    return button;
}

}  // namespace

TrainPanel::TrainPanel(QWidget* parent)
    : QWidget(parent),
      name_(new QLineEdit),
      regime_(new QComboBox),
      sourceRun_(new SourceRunBox),
      optimizer_(new QComboBox),
      learningRate_(new QLineEdit),
      epochs_(new QSpinBox),
      earlyStop_(new QSpinBox),
      batchSize_(new QSpinBox),
      steps_(new QSpinBox),
      seed_(new SeedEdit),
      augment_(new QCheckBox(tr("Augment training images"))),
      rotation_(makeRange(180, 5, 0, tr("°"), Parameter::Rotation)),
      widthShift_(makeRange(0.9, 0.05, 2, {}, Parameter::WidthShift)),
      heightShift_(makeRange(0.9, 0.05, 2, {}, Parameter::HeightShift)),
      shear_(makeRange(80, 0.1, 2, tr("°"), Parameter::Shear)),
      zoom_(makeRange(0.95, 0.05, 2, {}, Parameter::Zoom)),
      flip_(new QCheckBox(tr("Horizontal flip"))),
      pool_(new QSpinBox),
      precision_(new QComboBox),
      processes_(new QSpinBox),
      start_(new QAction(tr("&Start"), this)),
      pause_(new QAction(tr("&Pause"), this)),
      stop_(new QAction(tr("S&top"), this)),
      progress_(new RunProgressView),
      runsFolder_(new QLabel) {
    flip_->setToolTip(AugmentationPreview::parameterToolTip(Parameter::HorizontalFlip));
    start_->setObjectName(QStringLiteral("StartRun"));
    pause_->setObjectName(QStringLiteral("PauseRun"));
    stop_->setObjectName(QStringLiteral("StopRun"));
    start_->setToolTip(tr("Train with these settings (Ctrl+R). The run folder keeps everything it measures."));
    pause_->setToolTip(tr("Hold the run after the current batch; press again to go on (Ctrl+P)."));
    stop_->setToolTip(
        tr("End the run after the current batch, keeping every finished epoch and the checkpoint (Ctrl+.)."));
    start_->setShortcut(QKeySequence(tr("Ctrl+R")));
    pause_->setShortcut(QKeySequence(tr("Ctrl+P")));
    stop_->setShortcut(QKeySequence(tr("Ctrl+.")));
    // Paused is the action's checked state: one action, one shortcut, whichever way it goes.
    pause_->setCheckable(true);

    auto* buttons = new QHBoxLayout;
    for (QAction* action : {start_, pause_, stop_}) buttons->addWidget(buttonFor(action));
    auto* layout = new QVBoxLayout(this);
    auto* nameRow = new QFormLayout;
    name_->setObjectName(QStringLiteral("RunName"));
    name_->setToolTip(
        tr("The run folder is named after this, prefixed with the date and time. It follows the\n"
           "data, backbone and regime until you type a name of your own."));
    nameRow->addRow(tr("Run &name:"), name_);
    runsFolder_->setObjectName(QStringLiteral("RunsFolder"));
    runsFolder_->setWordWrap(true);
    runsFolder_->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    runsFolder_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    runsFolder_->setToolTip(tr("Each run gets its own folder here: its settings, split, metrics and checkpoint."));
    nameRow->addRow(tr("Saved in:"), runsFolder_);
    layout->addLayout(nameRow);
    layout->addWidget(buildRegimeGroup());
    layout->addWidget(buildOptimizerGroup());
    layout->addWidget(buildAugmentationGroup());
    layout->addStretch(1);
    layout->addLayout(buttons);
    layout->addWidget(progress_);

    connect(start_, &QAction::triggered, this, &TrainPanel::startRequested);
    // The checked state flips on trigger; the controller's answer (setRunState) is what it ends as.
    connect(pause_, &QAction::triggered, this, [this] { Q_EMIT(paused_ ? resumeRequested() : pauseRequested()); });
    connect(stop_, &QAction::triggered, this, &TrainPanel::stopRequested);
    connect(name_, &QLineEdit::textEdited, this, [this] { nameTyped_ = true; });
    connect(regime_, &QComboBox::currentIndexChanged, this, [this] {
        updateEnabledState();
        Q_EMIT regimeChanged(regime());
        Q_EMIT augmentationChanged();
        Q_EMIT changed();
    });
    for (auto* spin : {rotation_, widthShift_, heightShift_, shear_, zoom_}) {
        connect(spin, &QDoubleSpinBox::valueChanged, this, &TrainPanel::augmentationChanged);
    }
    connect(flip_, &QCheckBox::toggled, this, &TrainPanel::augmentationChanged);
    connect(augment_, &QCheckBox::toggled, this, [this] {
        updateEnabledState();
        Q_EMIT augmentationChanged();
    });
    connect(seed_, &QLineEdit::textEdited, this, &TrainPanel::augmentationChanged);
    connect(this, &TrainPanel::augmentationChanged, this, &TrainPanel::changed);
    setExperiment(tl::Experiment{});
    setRunState(false, false);
}

QGroupBox* TrainPanel::buildRegimeGroup() {
    regime_->setObjectName(QStringLiteral("Regime"));
    regime_->addItem(tr("From scratch"), static_cast<int>(tl::Regime::Scratch));
    regime_->addItem(tr("Feature extraction (cached features)"), static_cast<int>(tl::Regime::FeatureExtraction));
    regime_->addItem(tr("Feature extraction + augmentation"), static_cast<int>(tl::Regime::FeatureExtractionAug));
    regime_->addItem(tr("Fine-tuning from an earlier run"), static_cast<int>(tl::Regime::FineTune));
    regime_->setToolTip(
        tr("From scratch: every weight learns from these images alone (lecture: ~70%, 82% augmented).\n"
           "Feature extraction: the frozen base runs once per image and only the head trains on the\n"
           "saved features: fast, but no augmentation (~90%).\n"
           "Feature extraction + augmentation: the frozen base runs on every augmented image (~92-96%).\n"
           "Fine-tuning: start from a feature-extraction run, unfreeze the top of the base and train\n"
           "with a tiny learning rate (~97%)."));
    auto* group = new QGroupBox(tr("Regime"));
    auto* form = new QFormLayout(group);
    form->addRow(tr("&Regime:"), regime_);
    form->addRow(tr("Start &from run:"), sourceRun_);
    return group;
}

QGroupBox* TrainPanel::buildOptimizerGroup() {
    optimizer_->addItem(QStringLiteral("RMSprop"), static_cast<int>(tl::OptimizerKind::RmsProp));
    optimizer_->addItem(QStringLiteral("Adam"), static_cast<int>(tl::OptimizerKind::Adam));
    optimizer_->addItem(QStringLiteral("SGD (momentum 0.9)"), static_cast<int>(tl::OptimizerKind::Sgd));
    optimizer_->setToolTip(tr("The lecture uses RMSprop throughout (Keras' defaults: rho 0.9, epsilon 1e-7)."));
    auto* validator = new QDoubleValidator(1e-9, tl::kMaximumLearningRate, 9, learningRate_);
    validator->setNotation(QDoubleValidator::ScientificNotation);
    learningRate_->setValidator(validator);
    learningRate_->setObjectName(QStringLiteral("LearningRate"));
    connect(learningRate_, &QLineEdit::textChanged, this, [this] {
        // Tinted while the text is not a usable rate; Start says why.
        learningRate_->setStyleSheet(learningRate_->hasAcceptableInput() ? QString()
                                                                         : QStringLiteral("background: #fdecea"));
    });
    learningRate_->setToolTip(
        tr("Step size. The lecture: 1e-4 from scratch, 2e-5 for feature extraction and 1e-5 for\n"
           "fine-tuning — small, so the pretrained weights are not wrecked by large updates."));
    epochs_->setRange(1, 10000);
    epochs_->setToolTip(tr("Passes over the training images (or steps per epoch batches each)."));
    earlyStop_->setObjectName(QStringLiteral("EarlyStop"));
    earlyStop_->setRange(0, 10000);
    earlyStop_->setSpecialValueText(tr("off (every epoch)"));
    earlyStop_->setSuffix(tr(" epochs without progress"));
    earlyStop_->setToolTip(
        tr("End the run when the validation accuracy has not improved for this many epochs (Keras'\n"
           "EarlyStopping). Either way the run keeps the best epoch's weights beside the last ones\n"
           "(model-best.pt), and Evaluate and Predict use them unless told otherwise."));
    batchSize_->setRange(1, 4096);
    batchSize_->setToolTip(tr("Images per training step. The lecture uses 20 (32 for experiment 2)."));
    steps_->setRange(0, 100000);
    steps_->setSpecialValueText(tr("one pass"));
    steps_->setToolTip(
        tr("Batches per epoch. 'one pass' goes over the training images once; with augmentation more\n"
           "steps cycle through them again, each time transformed anew (the lecture's steps_per_epoch=100)."));
    precision_->setObjectName(QStringLiteral("Precision"));
    precision_->addItem(tl::cpuHasFastBf16() ? tr("Automatic (bf16 on this CPU)") : tr("Automatic (fp32 on this CPU)"),
                        static_cast<int>(tl::Precision::Auto));
    precision_->addItem(tr("fp32"), static_cast<int>(tl::Precision::Fp32));
    precision_->addItem(tr("bf16"), static_cast<int>(tl::Precision::Bf16));
    precision_->setToolTip(
        tr("Number format of the computation; weights are always kept in fp32.\n"
           "bf16 (bfloat16) is 2-4x faster on CPUs with AVX512-BF16 or AMX, and slower elsewhere;\n"
           "Automatic picks it where the CPU computes it natively."));
    seed_->setObjectName(QStringLiteral("trainingSeed"));
    seed_->setToolTip(
        tr("Seeds weight initialisation, shuffling, augmentation and dropout: the same seed repeats a run."));
    learningRate_->setMaximumWidth(120);
    auto* group = new QGroupBox(tr("Optimiser"));
    auto* form = new QFormLayout(group);
    form->addRow(tr("&Optimiser:"), optimizer_);
    form->addRow(tr("&Learning rate:"), learningRate_);
    form->addRow(tr("&Epochs:"), epochs_);
    form->addRow(tr("Earl&y stop:"), earlyStop_);
    form->addRow(tr("&Batch size:"), batchSize_);
    form->addRow(tr("Steps per epoch:"), steps_);
    form->addRow(tr("S&eed:"), seed_);
    form->addRow(tr("&Precision:"), precision_);
    processes_->setObjectName(QStringLiteral("Processes"));
    processes_->setRange(1, std::max(2, static_cast<int>(std::thread::hardware_concurrency())));
    processes_->setSuffix(tr(" processes"));
    processes_->setSpecialValueText(tr("1 (this process)"));
    processes_->setToolTip(
        tr("Data-parallel training: N processes on this machine, each on its share of every batch (the\n"
           "batch size stays the whole batch), the cores shared between them; their gradients are\n"
           "averaged after every step, so the run learns what one process learns. On one machine this is\n"
           "not faster (the processes share the cores and exchange gradients each step): it is how a run\n"
           "spreads over several machines (transferlab-cli train --nnodes). Pause is not available while\n"
           "several processes train."));
    form->addRow(tr("Pro&cesses:"), processes_);
    return group;
}

QGroupBox* TrainPanel::buildAugmentationGroup() {
    augment_->setToolTip(
        tr("Random rotations, shifts, shears, zooms and flips of the training images, new each epoch:\n"
           "the model never sees the same picture twice, which fights overfitting on small sets.\n"
           "Feature extraction + augmentation always augments; cached feature extraction cannot."));
    auto* group = new QGroupBox(tr("Augmentation (Keras ImageDataGenerator)"));
    auto* form = new QFormLayout(group);
    form->addRow(augment_);
    form->addRow(tr("Rotation range:"), rotation_);
    form->addRow(tr("Width shift range:"), widthShift_);
    form->addRow(tr("Height shift range:"), heightShift_);
    form->addRow(tr("Shear range:"), shear_);
    form->addRow(tr("Zoom range:"), zoom_);
    form->addRow(flip_);
    pool_->setObjectName(QStringLiteral("AugmentationPool"));
    pool_->setRange(0, 1000);
    pool_->setSpecialValueText(tr("exact (new every epoch)"));
    pool_->setSuffix(tr(" variants per image"));
    pool_->setToolTip(
        tr("Feature extraction + augmentation and fine-tuning: the frozen layers compute the same thing\n"
           "every epoch. With a pool of K, they run once over K augmented variants of each image and only\n"
           "the trainable layers train, one variant drawn per image and epoch: several times faster, but\n"
           "each epoch sees one of K fixed transforms instead of a new one. Exact: a new transform every\n"
           "epoch, the whole network every batch. The default, 10, kept validation accuracy within 0.3\n"
           "points of exact augmentation on the lesson. The run's log says how large the pool is."));
    form->addRow(tr("Augmentation &pool:"), pool_);
    return group;
}

void TrainPanel::setExperiment(const tl::Experiment& experiment) {
    const auto& training = experiment.training;
    const QSignalBlocker blockRegime(regime_);
    name_->setText(QString::fromStdString(experiment.name));
    regime_->setCurrentIndex(regime_->findData(static_cast<int>(training.regime)));
    optimizer_->setCurrentIndex(optimizer_->findData(static_cast<int>(training.optimizer.kind)));
    learningRate_->setText(QString::number(training.optimizer.learningRate, 'g', 6));
    epochs_->setValue(training.epochs);
    earlyStop_->setValue(training.earlyStopPatience);
    batchSize_->setValue(training.batchSize);
    steps_->setValue(training.stepsPerEpoch);
    pool_->setValue(training.augmentationPool);
    precision_->setCurrentIndex(precision_->findData(static_cast<int>(training.precision)));
    {
        const QSignalBlocker blockSeed(seed_);
        seed_->setSeed(training.seed);
    }
    const QSignalBlocker blockAugment(augment_);
    augment_->setChecked(training.augment);
    for (auto* spin : {rotation_, widthShift_, heightShift_, shear_, zoom_}) spin->blockSignals(true);
    rotation_->setValue(training.augmentation.rotationRange);
    widthShift_->setValue(training.augmentation.widthShiftRange);
    heightShift_->setValue(training.augmentation.heightShiftRange);
    shear_->setValue(training.augmentation.shearRange);
    zoom_->setValue(training.augmentation.zoomRange);
    for (auto* spin : {rotation_, widthShift_, heightShift_, shear_, zoom_}) spin->blockSignals(false);
    {
        const QSignalBlocker blockFlip(flip_);
        flip_->setChecked(training.augmentation.horizontalFlip);
    }
    nameTyped_ = false;
    sourceRun_->setNamedRun(training.initFromRun);
    updateEnabledState();
    Q_EMIT augmentationChanged();
}

void TrainPanel::applyTo(tl::Experiment& experiment) const {
    auto& training = experiment.training;
    const auto name = name_->text().trimmed();
    if (!name.isEmpty()) experiment.name = name.toStdString();
    training.regime = regime();
    training.optimizer.kind = static_cast<tl::OptimizerKind>(optimizer_->currentData().toInt());
    // Whatever is typed goes through: Start then refuses a bad rate with the reason
    // (validateExperiment) instead of silently training with another one.
    bool ok = false;
    const double rate = learningRate_->text().trimmed().toDouble(&ok);
    training.optimizer.learningRate = ok ? rate : std::numeric_limits<double>::quiet_NaN();
    training.epochs = epochs_->value();
    training.earlyStopPatience = earlyStop_->value();
    training.batchSize = batchSize_->value();
    training.stepsPerEpoch = steps_->value();
    training.augmentationPool = pool_->value();
    training.precision = static_cast<tl::Precision>(precision_->currentData().toInt());
    training.seed = seed();
    training.augment = augment_->isChecked();
    training.augmentation = augmentation();
    training.initFromRun = training.regime == tl::Regime::FineTune ? sourceRun_->currentRun() : std::filesystem::path{};
}

int TrainPanel::processes() const {
    return processes_->value();
}

void TrainPanel::proposeRunName(const QString& name) {
    if (!nameTyped_ && !running_) name_->setText(name);
}

void TrainPanel::setRunsRoot(const std::filesystem::path& runsRoot) {
    runsFolder_->setText(runsRoot.empty() ? tr("(no runs folder yet)") : toQString(runsRoot));
    sourceRun_->setRunsRoot(runsRoot);
}

void TrainPanel::setModelIdentity(const std::string& backbone, const std::vector<std::string>& classes) {
    sourceRun_->setModelIdentity(backbone, classes);
}

void TrainPanel::refreshRuns() {
    sourceRun_->refresh();
}

tl::Regime TrainPanel::regime() const {
    return static_cast<tl::Regime>(regime_->currentData().toInt());
}

tl::AugmentationParams TrainPanel::augmentation() const {
    tl::AugmentationParams params;
    params.rotationRange = rotation_->value();
    params.widthShiftRange = widthShift_->value();
    params.heightShiftRange = heightShift_->value();
    params.shearRange = shear_->value();
    params.zoomRange = zoom_->value();
    params.horizontalFlip = flip_->isChecked();
    return params;
}

std::uint64_t TrainPanel::seed() const {
    return seed_->seed();
}

void TrainPanel::setRunState(bool running, bool paused) {
    const bool starting = running && !running_;
    const bool resuming = running && paused_ && !paused;
    if (starting) progress_->reset();
    running_ = running;
    paused_ = paused;
    start_->setEnabled(!running);
    // Paused, rank 0 would leave the other processes waiting until their timeout ends the run.
    pause_->setEnabled(running && processes_->value() == 1);
    stop_->setEnabled(running);
    pause_->setChecked(paused);
    pause_->setText(paused ? tr("&Resume") : tr("&Pause"));
    if (starting) progress_->showStatus(tr("Starting…"));
    if (resuming) progress_->showStatus(tr("Resumed: the next batch is on its way."));
    if (paused) progress_->showStatus(tr("Paused. Resume to go on, or Stop to end the run and keep what it measured."));
    updateEnabledState();
}

void TrainPanel::showBatch(const tl::BatchMetrics& batch) {
    progress_->showBatch(batch, paused_);
}

void TrainPanel::showProgress(const tl::PhaseProgress& progress) {
    progress_->showProgress(progress);
}

void TrainPanel::showOutcome(const tl::ui::RunOutcome& outcome) {
    progress_->showOutcome(outcome);
    refreshRuns();
}

void TrainPanel::updateEnabledState() {
    const auto current = regime();
    const bool editable = !running_;
    for (QWidget* widget :
         std::initializer_list<QWidget*>{name_, regime_, optimizer_, learningRate_, epochs_, earlyStop_, batchSize_,
                                         steps_, seed_, precision_, processes_}) {
        widget->setEnabled(editable);
    }
    sourceRun_->setEnabled(editable && current == tl::Regime::FineTune);
    augment_->setEnabled(editable && tl::augmentationRule(current) == tl::AugmentationRule::Optional);
    const bool augmenting = tl::augments(current, augment_->isChecked());
    for (QWidget* widget :
         std::initializer_list<QWidget*>{rotation_, widthShift_, heightShift_, shear_, zoom_, flip_}) {
        widget->setEnabled(editable && augmenting);
    }
    pool_->setEnabled(editable && augmenting && tl::canUseAugmentationPool(current));
}

}  // namespace tl::ui
