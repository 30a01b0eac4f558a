#include "ui/data/SplitControls.h"

#include <QFormLayout>
#include <QHBoxLayout>
#include <QSignalBlocker>
#include <QSpinBox>
#include <QToolButton>

#include "ui/common/SeedEdit.h"

namespace tl::ui {
namespace {

constexpr int kMaxPerClass = 1'000'000;
constexpr SplitCounts kLectureCounts{1000, 500, 500};

}  // namespace

SplitControls::SplitControls(QWidget* parent)
    : QWidget(parent),
      train_(addCount(QStringLiteral("trainCount"),
                      tr("<p><b>Train</b>: images per class the model learns from.</p><p>The lecture takes "
                         "1000 per class out of Kaggle's 12,500: a deliberately small set, the situation where a "
                         "network pretrained on ImageNet makes the difference.</p>"))),
      validation_(addCount(QStringLiteral("validationCount"),
                           tr("<p><b>Validation</b>: images per class held out while training. Their loss and "
                              "accuracy, epoch after epoch, show when the model starts to overfit (learns the "
                              "training images by heart). They never update the weights. The lecture: 500.</p>"))),
      test_(addCount(QStringLiteral("testCount"),
                     tr("<p><b>Test</b>: images per class kept aside until the very end, for one honest final "
                        "measure. Choices made while watching validation (epochs, learning rate) slightly fit "
                        "the validation set too; the test set was never looked at. The lecture: 500.</p>"))),
      seedBox_(new SeedEdit(this)),
      lectureButton_(new QToolButton(this)) {
    seedBox_->setObjectName(QStringLiteral("splitSeed"));
    seedBox_->setToolTip(
        tr("<p><b>Seed</b>: decides which images land in which split. The same seed and the same files give "
           "the same split on every machine, so runs compare models on the same images and a class can "
           "reproduce the teacher's numbers.</p><p>Try another seed to see how much a result depends on the "
           "draw of a small set.</p>"));
    lectureButton_->setObjectName(QStringLiteral("lectureCounts"));
    lectureButton_->setText(tr("Lecture: 1000 / 500 / 500"));
    lectureButton_->setToolTip(
        tr("<p>The recipe of <i>Deep Learning with Python</i> (5.2): 1000 training, 500 validation and 500 test "
           "images per class — 4,000 of Kaggle's 25,000 dogs-vs-cats photos. Small on purpose: with so few "
           "images a convnet from scratch overfits (~70% accuracy), a pretrained one reaches ~97%.</p>"));

    auto* form = new QFormLayout(this);
    form->setContentsMargins(0, 0, 0, 0);
    form->setFieldGrowthPolicy(QFormLayout::FieldsStayAtSizeHint);
    form->addRow(tr("&Train per class:"), train_);
    form->addRow(tr("&Validation per class:"), validation_);
    form->addRow(tr("T&est per class:"), test_);
    form->addRow(tr("&Seed:"), seedBox_);
    form->addRow(QString(), lectureButton_);

    connect(seedBox_, &QLineEdit::textEdited, this, [this] {
        if (seedBox_->hasAcceptableInput() && seedBox_->seed() != seed_) {
            seed_ = seedBox_->seed();
            Q_EMIT changed();
        }
    });
    connect(lectureButton_, &QToolButton::clicked, this, [this] {
        if (counts() == kLectureCounts) return;
        setValues(kLectureCounts, seed_);
        Q_EMIT changed();
    });
}

QSpinBox* SplitControls::addCount(const QString& objectName, const QString& toolTip) {
    auto* box = new QSpinBox(this);
    box->setObjectName(objectName);
    box->setRange(0, kMaxPerClass);
    box->setGroupSeparatorShown(true);
    box->setToolTip(toolTip);
    box->setMinimumWidth(box->fontMetrics().horizontalAdvance(QStringLiteral("0,000,000")) + 40);
    connect(box, &QSpinBox::valueChanged, this, [this] { Q_EMIT changed(); });
    return box;
}

void SplitControls::setValues(const SplitCounts& counts, std::uint64_t seed) {
    const QSignalBlocker blockTrain(train_), blockValidation(validation_), blockTest(test_), blockSeed(seedBox_);
    train_->setValue(counts.train);
    validation_->setValue(counts.validation);
    test_->setValue(counts.test);
    seed_ = seed;
    seedBox_->setSeed(seed);
}

SplitCounts SplitControls::counts() const {
    return {train_->value(), validation_->value(), test_->value()};
}

void SplitControls::setZeroMeansAll(bool zeroMeansAll) {
    const QString special = zeroMeansAll ? tr("all") : QString();
    for (auto* box : {train_, validation_, test_}) box->setSpecialValueText(special);
}

}  // namespace tl::ui
