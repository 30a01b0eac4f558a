#include "ui/model/WeightsSelector.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QVBoxLayout>

#include "core/util/Error.h"
#include "core/weights/WeightsCache.h"
#include "core/weights/WeightsFetch.h"
#include "core/weights/WeightsLookup.h"
#include "ui/common/InlineMessage.h"
#include "ui/common/PathText.h"

namespace tl::ui {
namespace {

/// Where the weights start from: the kind combo's item data.
enum class WeightsKind { Imagenet, File, Random };

WeightsKind kindOf(const QComboBox* combo) {
    return static_cast<WeightsKind>(combo->currentData().toInt());
}

void selectKind(QComboBox* combo, WeightsKind kind) {
    combo->setCurrentIndex(combo->findData(static_cast<int>(kind)));
}

QString megabytes(std::uint64_t bytes) {
    return QString::number(static_cast<double>(bytes) / 1e6, 'f', 1);
}

}  // namespace

/// How a download ended, handed from the pool thread to the GUI thread.
struct WeightsSelector::DownloadOutcome {
    QString file;
    QString error;
    bool completed = false;
};

WeightsSelector::WeightsSelector(QWidget* parent)
    : QWidget(parent),
      kind_(new QComboBox),
      file_(new QLineEdit),
      browse_(new QPushButton(tr("Browse…"))),
      status_(new InlineMessage),
      downloadButton_(new QPushButton(tr("Download"))),
      importButton_(new QPushButton(tr("Import File…"))),
      nonStrict_(new QCheckBox(tr("Load only the tensors that fit"))),
      downloadProgress_(new QProgressBar),
      downloads_([this](const std::shared_ptr<DownloadOutcome>& outcome) { onDownloadFinished(outcome); }) {
    kind_->addItem(tr("ImageNet (pretrained)"), static_cast<int>(WeightsKind::Imagenet));
    kind_->addItem(tr("Weights file"), static_cast<int>(WeightsKind::File));
    kind_->addItem(tr("Random (train from scratch)"), static_cast<int>(WeightsKind::Random));
    kind_->setToolTip(
        tr("Where the backbone's weights start from.\n"
           "ImageNet: what the network learned on 1.2 million photos — the point of transfer learning.\n"
           "Weights file: a PyTorch .pth or a Keras .h5 file you already have.\n"
           "Random: no prior knowledge; the lecture's experiments 1 and 2."));
    file_->setPlaceholderText(tr("a .pth or .h5 weights file"));
    status_->setObjectName(QStringLiteral("weightsStatus"));

    auto* fileRow = new QHBoxLayout;
    fileRow->setContentsMargins(0, 0, 0, 0);
    fileRow->addWidget(file_, 1);
    fileRow->addWidget(browse_);
    downloadButton_->setToolTip(
        tr("Fetch the file from its publisher into Transfer Lab's cache, checking its hash.\n"
           "An interrupted download resumes where it stopped. Proxies come from https_proxy / no_proxy."));
    downloadProgress_->hide();
    auto* downloadRow = new QHBoxLayout;
    downloadRow->setContentsMargins(0, 0, 0, 0);
    downloadRow->addWidget(downloadProgress_, 1);
    downloadRow->addWidget(downloadButton_);
    downloadRow->addWidget(importButton_);
    importButton_->setObjectName(QStringLiteral("importWeights"));
    importButton_->setToolTip(
        tr("Already have the published file (downloaded by a browser, copied from a USB stick)?\n"
           "Import it: it is recognised by its name or its hash, checked, and copied into the cache."));
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(kind_);
    layout->addLayout(fileRow);
    nonStrict_->setObjectName(QStringLiteral("nonStrictWeights"));
    nonStrict_->setToolTip(
        tr("Off (strict): a file that does not fit the backbone whole is refused and nothing is loaded.\n"
           "On: every tensor whose name and shape fit is loaded; the others keep their random start.\n"
           "The run's log lists what was left out."));
    layout->addWidget(nonStrict_);
    layout->addWidget(status_);
    layout->addLayout(downloadRow);
    connect(downloadButton_, &QPushButton::clicked, this,
            [this] { isDownloading() ? cancelDownload() : startDownload(); });

    connect(kind_, &QComboBox::currentIndexChanged, this, [this] {
        updateStatus();
        Q_EMIT weightsChanged();
    });
    connect(file_, &QLineEdit::editingFinished, this, [this] {
        updateStatus();
        Q_EMIT weightsChanged();
    });
    connect(browse_, &QPushButton::clicked, this, &WeightsSelector::chooseFile);
    connect(nonStrict_, &QCheckBox::toggled, this, &WeightsSelector::weightsChanged);
    connect(importButton_, &QPushButton::clicked, this, &WeightsSelector::chooseFileToImport);
    updateStatus();
}

WeightsSelector::~WeightsSelector() = default;

void WeightsSelector::setWeights(const std::string& weights) {
    const QSignalBlocker blockKind(kind_);
    const QSignalBlocker blockFile(file_);
    if (weights == "imagenet") {
        selectKind(kind_, WeightsKind::Imagenet);
    } else if (weights == "random" || weights.empty()) {
        selectKind(kind_, WeightsKind::Random);
    } else {
        selectKind(kind_, WeightsKind::File);
        file_->setText(QString::fromStdString(weights));
    }
    updateStatus();
}

std::string WeightsSelector::weights() const {
    switch (kindOf(kind_)) {
        case WeightsKind::Imagenet:
            return "imagenet";
        case WeightsKind::File:
            return file_->text().trimmed().isEmpty() ? "random" : file_->text().trimmed().toStdString();
        default:
            return "random";
    }
}

void WeightsSelector::setStrict(bool strict) {
    const QSignalBlocker block(nonStrict_);
    nonStrict_->setChecked(!strict);
}

bool WeightsSelector::strict() const {
    return !nonStrict_->isChecked();
}

void WeightsSelector::setBackbone(const std::string& backbone) {
    backbone_ = backbone;
    updateStatus();
}

void WeightsSelector::startDownload(bool includeTop) {
    if (downloads_.isBusy() || backbone_.empty()) return;
    downloadProgress_->setRange(0, 0);
    downloadProgress_->setFormat(tr("connecting…"));
    downloadProgress_->show();
    downloadButton_->setText(tr("Cancel"));
    downloads_.submit([this, backbone = backbone_, includeTop](const std::atomic<bool>& stop) {
        auto outcome = std::make_shared<DownloadOutcome>();
        tl::FetchOptions options;
        options.stop = &stop;
        options.includeTop = includeTop;
        // The destructor waits for this job, so `this` outlives it; queued calls still pending
        // when the widget goes are dropped by Qt.
        options.progress = [this](const tl::DownloadProgress& progress) {
            const double fraction =
                progress.bytesTotal ? double(progress.bytesDone) / double(progress.bytesTotal) : -1.0;
            QString text = QObject::tr("%1 of %2 MB, %3 MB/s")
                               .arg(megabytes(progress.bytesDone), megabytes(progress.bytesTotal),
                                    megabytes(static_cast<std::uint64_t>(progress.bytesPerSecond)));
            if (progress.etaSeconds >= 0)
                text += QObject::tr(", %1 s left").arg(static_cast<int>(progress.etaSeconds + 0.5));
            QMetaObject::invokeMethod(
                this, [this, fraction, text] { onDownloadProgress(fraction, text); }, Qt::QueuedConnection);
        };
        try {
            const auto result = tl::fetchImagenetWeights(backbone, options);
            outcome->completed = result.completed;
            outcome->file = toQString(result.file);
        } catch (const std::exception& error) {
            outcome->error = QObject::tr("Download failed: %1").arg(QString::fromUtf8(error.what()));
        }
        return outcome;
    });
    updateStatus();
}

void WeightsSelector::chooseFileToImport() {
    const auto file = QFileDialog::getOpenFileName(this, tr("Import ImageNet weights"), QString(),
                                                   tr("Weights (*.pth *.pt *.h5 *.hdf5);;All files (*)"));
    if (!file.isEmpty()) importFile(file);
}

void WeightsSelector::importFile(const QString& file) {
    if (downloads_.isBusy()) return;
    importing_ = true;
    downloadProgress_->setRange(0, 0);
    downloadProgress_->setFormat(tr("checking %1…").arg(QFileInfo(file).fileName()));
    downloadProgress_->show();
    // Hashing a VGG16 file takes a few seconds: off the GUI thread, like a download.
    downloads_.submit([path = toPath(file)](const std::atomic<bool>&) {
        auto outcome = std::make_shared<DownloadOutcome>();
        try {
            outcome->file = toQString(tl::importWeightsFile(path).file);
            outcome->completed = true;
        } catch (const std::exception& error) {
            outcome->error = QObject::tr("Import failed: %1").arg(QString::fromUtf8(error.what()));
        }
        return outcome;
    });
    updateStatus();
}

void WeightsSelector::cancelDownload() {
    downloads_.cancel();
}

void WeightsSelector::onDownloadProgress(double fraction, const QString& text) {
    if (fraction < 0) {
        downloadProgress_->setRange(0, 0);
    } else {
        downloadProgress_->setRange(0, 1000);
        downloadProgress_->setValue(static_cast<int>(fraction * 1000));
    }
    downloadProgress_->setFormat(text);
}

void WeightsSelector::onDownloadFinished(const std::shared_ptr<DownloadOutcome>& outcome) {
    importing_ = false;
    downloadProgress_->hide();
    downloadButton_->setText(tr("Download"));
    updateStatus();
    if (!outcome->error.isEmpty()) {
        status_->showMessage(InlineMessage::Kind::Error, outcome->error);
    } else if (!outcome->completed) {
        status_->showMessage(
            InlineMessage::Kind::Info,
            tr("Download stopped; the bytes received are kept and the next download resumes from there."));
    }
    Q_EMIT weightsChanged();
}

void WeightsSelector::chooseFile() {
    const auto file = QFileDialog::getOpenFileName(this, tr("Choose a weights file"), file_->text(),
                                                   tr("Weights (*.pth *.pt *.h5 *.hdf5);;All files (*)"));
    if (file.isEmpty()) return;
    file_->setText(file);
    selectKind(kind_, WeightsKind::File);
    updateStatus();
    Q_EMIT weightsChanged();
}

void WeightsSelector::updateStatus() {
    const bool isFile = kindOf(kind_) == WeightsKind::File;
    file_->setVisible(isFile);
    browse_->setVisible(isFile);
    nonStrict_->setVisible(isFile);
    QString text;
    auto kind = InlineMessage::Kind::Info;
    bool missing = false;
    if (kindOf(kind_) == WeightsKind::Imagenet && !backbone_.empty()) {
        try {
            const auto found = findImagenetWeights(backbone_);
            text =
                tr("On this machine (%1): %2").arg(QString::fromStdString(found.entry.source), toQString(found.file));
        } catch (const tl::Error& error) {
            text = QString::fromStdString(error.what());
            kind = InlineMessage::Kind::Warning;
            missing = true;
        }
    } else if (isFile) {
        const QFileInfo info(file_->text().trimmed());
        if (file_->text().trimmed().isEmpty()) {
            text = tr("Choose a file; until then the weights are random.");
        } else if (!info.isFile()) {
            text = tr("No such file: %1").arg(file_->text().trimmed());
            kind = InlineMessage::Kind::Error;
        } else {
            text = tr("%1, %2 MB; checked against the model when a run starts.")
                       .arg(info.fileName())
                       .arg(info.size() / 1e6, 0, 'f', 1);
        }
    } else {
        text = tr("Every weight starts random: nothing is transferred.");
    }
    if (downloads_.isBusy()) {
        text = importing_ ? tr("Checking the file and copying it into the cache…")
                          : tr("Downloading the ImageNet weights of %1…").arg(QString::fromStdString(backbone_));
    }
    status_->showMessage(kind, text);
    downloadButton_->setVisible(missing || downloads_.isBusy());
    importButton_->setVisible(missing && !downloads_.isBusy());
}

}  // namespace tl::ui
