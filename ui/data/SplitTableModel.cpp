#include "ui/data/SplitTableModel.h"

#include <QBrush>
#include <QFont>
#include <QLocale>
#include <QPalette>

namespace tl::ui {
namespace {

QString number(std::size_t value) {
    return QLocale().toString(static_cast<qulonglong>(value));
}

}  // namespace

SplitTableModel::SplitTableModel(QObject* parent) : QAbstractTableModel(parent) {}

void SplitTableModel::setContents(const Dataset* dataset, const SplitSet* split, const SplitCounts& counts) {
    beginResetModel();
    rows_ = dataset ? buildRows(*dataset, split, counts) : std::vector<Row>{};
    endResetModel();
}

void SplitTableModel::clear() {
    setContents(nullptr, nullptr, {});
}

// Mirrors makeSplit's rule only to point at the short classes; makeSplit stays the judge (its
// error message is what the panel shows).
std::vector<SplitTableModel::Row> SplitTableModel::buildRows(const Dataset& dataset, const SplitSet* split,
                                                             const SplitCounts& counts) {
    const std::size_t classCount = dataset.classes.size();
    std::vector<Row> rows(classCount + 1);
    const auto available = dataset.countsPerClass();
    for (std::size_t label = 0; label < classCount; ++label) {
        rows[label].name = QString::fromStdString(dataset.classes[label]);
        rows[label].available = label < available.size() ? available[label] : 0;
    }
    Row& total = rows.back();
    total.name = tr("All classes");
    total.total = true;
    for (std::size_t label = 0; label < classCount; ++label) total.available += rows[label].available;

    if (dataset.predefined) {
        for (auto& row : rows) row.inFolders = std::array<std::size_t, 3>{};
        for (std::size_t s = 0; s < kAllSplits.size(); ++s) {
            for (const auto& sample : dataset.predefined->part(kAllSplits[s])) {
                if (sample.label < 0 || static_cast<std::size_t>(sample.label) >= classCount) continue;
                ++(*rows[static_cast<std::size_t>(sample.label)].inFolders)[s];
                ++(*total.inFolders)[s];
            }
        }
        for (std::size_t label = 0; label < classCount; ++label) {
            QStringList problems;
            for (std::size_t s = 0; s < kAllSplits.size(); ++s) {
                const int wanted = counts.of(kAllSplits[s]);
                const std::size_t have = (*rows[label].inFolders)[s];
                if (wanted > 0 && have < static_cast<std::size_t>(wanted)) {
                    problems << tr("%1 in the %2 folder, %3 asked")
                                    .arg(number(have), QString::fromUtf8(toString(kAllSplits[s]).data()),
                                         number(static_cast<std::size_t>(wanted)));
                }
            }
            rows[label].tooFew = problems.join(QStringLiteral("; "));
        }
    } else {
        const std::size_t needed = static_cast<std::size_t>(std::max(0, counts.train)) +
                                   static_cast<std::size_t>(std::max(0, counts.validation)) +
                                   static_cast<std::size_t>(std::max(0, counts.test));
        for (std::size_t label = 0; label < classCount; ++label) {
            if (rows[label].available < needed) {
                rows[label].tooFew = tr("%1 usable images, %2 needed (train + validation + test)")
                                         .arg(number(rows[label].available), number(needed));
            }
        }
    }

    if (split) {
        for (auto& row : rows) row.inSplit = std::array<std::size_t, 3>{};
        for (std::size_t s = 0; s < kAllSplits.size(); ++s) {
            for (const auto& sample : split->part(kAllSplits[s])) {
                if (sample.label < 0 || static_cast<std::size_t>(sample.label) >= classCount) continue;
                ++(*rows[static_cast<std::size_t>(sample.label)].inSplit)[s];
                ++(*total.inSplit)[s];
            }
        }
    }
    return rows;
}

int SplitTableModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : static_cast<int>(rows_.size());
}

int SplitTableModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : kColumnCount;
}

QVariant SplitTableModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || static_cast<std::size_t>(index.row()) >= rows_.size()) return {};
    const Row& row = rows_[static_cast<std::size_t>(index.row())];
    const int column = index.column();
    const bool tooFew = !row.tooFew.isEmpty();
    switch (role) {
        case Qt::DisplayRole:
            if (column == ClassColumn) return row.name;
            if (column == AvailableColumn) return number(row.available);
            if (!row.inSplit) return QStringLiteral("—");
            return number((*row.inSplit)[static_cast<std::size_t>(column - TrainColumn)]);
        case Qt::TextAlignmentRole:
            return column == ClassColumn ? QVariant(Qt::AlignLeft | Qt::AlignVCenter)
                                         : QVariant(Qt::AlignRight | Qt::AlignVCenter);
        case Qt::FontRole:
            if (row.total) {
                QFont font;
                font.setBold(true);
                return font;
            }
            return {};
        case Qt::ForegroundRole:
            if (tooFew && (column == ClassColumn || column == AvailableColumn)) return QBrush(QColor(0xc0, 0x1c, 0x28));
            return {};
        case Qt::ToolTipRole: {
            QString tip;
            if (row.inFolders) {
                const auto& folders = *row.inFolders;
                tip = tr("Usable images in the split folders: train %1, validation %2, test %3.")
                          .arg(number(folders[0]), number(folders[1]), number(folders[2]));
            } else if (column == AvailableColumn) {
                tip =
                    tr("Usable images of this class; the split draws train, validation and test from them "
                       "without overlap.");
            }
            if (tooFew)
                tip += (tip.isEmpty() ? QString() : QStringLiteral("<br>")) +
                       tr("<b>Too few images:</b> %1").arg(row.tooFew);
            return tip.isEmpty() ? QVariant() : QVariant(tip);
        }
        case kTooFewRole:
            return tooFew;
        default:
            return {};
    }
}

QVariant SplitTableModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal) return {};
    if (role == Qt::DisplayRole) {
        switch (section) {
            case ClassColumn:
                return tr("Class");
            case AvailableColumn:
                return tr("Available");
            case TrainColumn:
                return tr("Train");
            case ValidationColumn:
                return tr("Validation");
            case TestColumn:
                return tr("Test");
            default:
                return {};
        }
    }
    if (role == Qt::ToolTipRole) {
        switch (section) {
            case AvailableColumn:
                return tr("Usable images found in the folder (skipped files not counted).");
            case TrainColumn:
                return tr("Images the model learns from.");
            case ValidationColumn:
                return tr("Images held out during training to watch for overfitting.");
            case TestColumn:
                return tr("Images kept for one final, honest measure after training.");
            default:
                return {};
        }
    }
    if (role == Qt::TextAlignmentRole && section != ClassColumn) return QVariant(Qt::AlignRight | Qt::AlignVCenter);
    return {};
}

}  // namespace tl::ui
