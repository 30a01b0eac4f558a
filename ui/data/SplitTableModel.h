#pragma once
#include <QAbstractTableModel>
#include <QString>
#include <array>
#include <optional>
#include <vector>

#include "core/data/Dataset.h"
#include "core/data/DatasetSplitter.h"

namespace tl::ui {

/// Classes and image counts per split: class | available | train | validation | test, one row per
/// class and a last "all classes" row. Split columns come from a SplitSet made by core's
/// makeSplit(); without one (the split failed) they show a dash. A class with too few images for
/// the asked counts is marked, with the reason in its tooltip. GUI thread only.
class SplitTableModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { ClassColumn, AvailableColumn, TrainColumn, ValidationColumn, TestColumn, kColumnCount };
    /// Qt::UserRole on a row: bool, whether the class has too few images.
    static constexpr int kTooFewRole = Qt::UserRole + 1;

    explicit SplitTableModel(QObject* parent = nullptr);

    /// `split` may be null (no split could be made). `counts` are the ones asked for.
    void setContents(const Dataset* dataset, const SplitSet* split, const SplitCounts& counts);
    void clear();

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    struct Row {
        QString name;
        std::size_t available = 0;
        std::optional<std::array<std::size_t, 3>> inFolders;  // split folders: usable images per folder
        std::optional<std::array<std::size_t, 3>> inSplit;    // images per split after makeSplit
        QString tooFew;                                       // why the class is short, or empty
        bool total = false;
    };
    static std::vector<Row> buildRows(const Dataset& dataset, const SplitSet* split, const SplitCounts& counts);

    std::vector<Row> rows_;
};

}  // namespace tl::ui
