#include "ui/runs/RunTableModel.h"

#include <QBrush>
#include <QColor>
#include <QDateTime>
#include <QFont>
#include <QLocale>

#include "core/lesson/LessonPlan.h"
#include "core/training/Regime.h"
#include "ui/common/DurationText.h"
#include "ui/common/PathText.h"

namespace tl::ui {
namespace {

QString percent(const std::optional<double>& fraction) {
    return fraction ? percentText(*fraction) : QStringLiteral("–");
}

/// The lecture's figure for the run's regime, when the regime is one the lecture ran.
std::optional<double> lectureFigure(const tl::IndexedRun& run) {
    try {
        return tl::lectureAccuracyOf(tl::parseRegime(run.regime), run.augmented);
    } catch (const std::exception&) {
        return std::nullopt;
    }
}

QString startedText(const std::string& iso) {
    auto time = QDateTime::fromString(QString::fromStdString(iso), Qt::ISODate);
    if (!time.isValid()) return QString::fromStdString(iso);
    return QLocale().toString(time.toLocalTime(), QLocale::ShortFormat);
}

QColor statusColour(const std::string& status) {
    if (status == "failed" || status == "unreadable") return QColor(0xb0, 0x20, 0x20);
    if (status == "interrupted" || status == "stopped") return QColor(0xa0, 0x60, 0x00);
    if (status == "running") return QColor(0x20, 0x50, 0xb0);
    return {};
}

}  // namespace

RunTableModel::RunTableModel(QObject* parent) : QAbstractTableModel(parent) {}

void RunTableModel::setRuns(std::vector<tl::IndexedRun> runs) {
    beginResetModel();
    runs_ = std::move(runs);
    endResetModel();
}

int RunTableModel::rowOf(const QString& folder) const {
    for (std::size_t row = 0; row < runs_.size(); ++row) {
        if (toQString(runs_[row].folder) == folder) return static_cast<int>(row);
    }
    return -1;
}

int RunTableModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : static_cast<int>(runs_.size());
}

int RunTableModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant RunTableModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() >= rowCount()) return {};
    const auto& run = runs_[static_cast<std::size_t>(index.row())];
    switch (role) {
        case Qt::DisplayRole:
            return display(run, index.column());
        case kSortRole:
            return sortKey(run, index.column());
        case kFolderRole:
            return toQString(run.folder);
        case Qt::ToolTipRole:
            return toolTip(run);
        case Qt::TextAlignmentRole: {
            const bool number = index.column() == Epochs || index.column() == BestValidation ||
                                index.column() == Lecture || index.column() == Test || index.column() == Time;
            return QVariant::fromValue(Qt::AlignVCenter | (number ? Qt::AlignRight : Qt::AlignLeft));
        }
        case Qt::ForegroundRole:
            if (index.column() == Status && statusColour(run.status).isValid()) return QBrush(statusColour(run.status));
            if (index.column() == Lecture) return QBrush(QColor(0x70, 0x70, 0x70));
            return {};
        case Qt::FontRole:
            if (index.column() == BestValidation || index.column() == Test) {
                QFont bold;
                bold.setBold(true);
                return bold;
            }
            return {};
        default:
            return {};
    }
}

QVariant RunTableModel::display(const tl::IndexedRun& run, int column) const {
    switch (column) {
        case Name:
            return QString::fromStdString(run.name);
        case Regime:
            return QString::fromStdString(run.regimeLabel());
        case Backbone:
            return QString::fromStdString(run.backbone);
        case Weights:
            return QString::fromStdString(run.weights);
        case Frozen:
            return QString::fromStdString(run.frozen);
        case Epochs:
            return QStringLiteral("%1 / %2").arg(run.epochsCompleted).arg(run.epochsPlanned);
        case BestValidation:
            return run.bestValidationAccuracy
                       ? tr("%1 (epoch %2)").arg(percentText(*run.bestValidationAccuracy)).arg(run.bestEpoch)
                       : QStringLiteral("–");
        case Lecture:
            return percent(lectureFigure(run));
        case Test:
            return percent(run.testAccuracy);
        case Time:
            return durationText(run.seconds);
        case Status:
            return QString::fromStdString(run.status) +
                   (run.endedEarly && run.status == "completed" ? tr(" (early stop)") : QString());
        case Started:
            return startedText(run.startedAt);
        default:
            return {};
    }
}

QVariant RunTableModel::sortKey(const tl::IndexedRun& run, int column) const {
    switch (column) {
        case Epochs:
            return run.epochsCompleted;
        case BestValidation:
            return run.bestValidationAccuracy.value_or(-1);
        case Lecture:
            return lectureFigure(run).value_or(-1);
        case Test:
            return run.testAccuracy.value_or(-1);
        case Time:
            return run.seconds;
        case Started:
            return QString::fromStdString(run.startedAt);
        default:
            return display(run, column).toString().toLower();
    }
}

QString RunTableModel::toolTip(const tl::IndexedRun& run) const {
    QString text = QStringLiteral("<b>%1</b><br>%2")
                       .arg(QString::fromStdString(run.name).toHtmlEscaped(), toQString(run.folder).toHtmlEscaped());
    text += tr("<br>%1 train, %2 validation, %3 test images; %4 of %5 parameters trainable")
                .arg(run.trainImages)
                .arg(run.validationImages)
                .arg(run.testImages)
                .arg(QLocale().toString(static_cast<qlonglong>(run.trainableParameters)))
                .arg(QLocale().toString(static_cast<qlonglong>(run.totalParameters)));
    if (run.lastValidationAccuracy)
        text += tr("<br>last epoch's validation accuracy %1").arg(percent(run.lastValidationAccuracy));
    if (!run.testAccuracy) text += tr("<br>not evaluated on its test split yet (Evaluate)");
    if (!run.error.empty())
        text += QStringLiteral("<br><i>%1</i>").arg(QString::fromStdString(run.error).toHtmlEscaped());
    return text;
}

QVariant RunTableModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal) return {};
    if (role == Qt::DisplayRole) {
        switch (section) {
            case Name:
                return tr("Run");
            case Regime:
                return tr("Regime");
            case Backbone:
                return tr("Backbone");
            case Weights:
                return tr("Weights");
            case Frozen:
                return tr("Frozen");
            case Epochs:
                return tr("Epochs");
            case BestValidation:
                return tr("Best val. acc.");
            case Lecture:
                return tr("Lecture");
            case Test:
                return tr("Test acc.");
            case Time:
                return tr("Time");
            case Status:
                return tr("Status");
            case Started:
                return tr("Started");
            default:
                return {};
        }
    }
    if (role == Qt::ToolTipRole) {
        switch (section) {
            case Frozen:
                return tr("The layers whose weights did not change in training.");
            case BestValidation:
                return tr("The best validation accuracy and its epoch (the model-best.pt checkpoint).");
            case Lecture:
                return tr("What the lecture measured for this regime on dogs vs cats, for comparison.");
            case Test:
                return tr(
                    "Accuracy on the test split from the run's last evaluation (Evaluate tab or "
                    "transferlab-cli evaluate).");
            case Time:
                return tr("Wall time of the run.");
            case Status:
                return tr("interrupted: the program running it ended without saying how it ended.");
            default:
                return {};
        }
    }
    return {};
}

}  // namespace tl::ui
