#pragma once
#include <QAbstractTableModel>
#include <QString>
#include <vector>

#include "core/runs/IndexedRun.h"

namespace tl::ui {

/// The runs database as a table: one row per run (RunIndex::refresh()), the columns of the
/// lecture's results table and more. Qt::DisplayRole is what people read; kSortRole holds numbers
/// and times for sorting (a QSortFilterProxyModel sorts on it). GUI thread only.
class RunTableModel : public QAbstractTableModel {
    Q_OBJECT
public:
    /// The lecture's table first (what ran, how well, against the lecture), then the details.
    enum Column {
        Name,
        Regime,
        Frozen,
        Epochs,
        BestValidation,
        Lecture,
        Test,
        Time,
        Status,
        Backbone,
        Weights,
        Started,
        ColumnCount
    };
    /// Numbers (accuracies, seconds, epochs) and ISO times, for sorting.
    static constexpr int kSortRole = Qt::UserRole + 1;
    /// The run folder's path (a QString), in every column.
    static constexpr int kFolderRole = Qt::UserRole + 2;

    explicit RunTableModel(QObject* parent = nullptr);

    /// Replaces the rows (a model reset: the view's selection is the caller's to restore).
    void setRuns(std::vector<tl::IndexedRun> runs);
    const std::vector<tl::IndexedRun>& runs() const { return runs_; }
    /// The row of the run in `folder`, or -1.
    int rowOf(const QString& folder) const;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QVariant display(const tl::IndexedRun& run, int column) const;
    QVariant sortKey(const tl::IndexedRun& run, int column) const;
    QString toolTip(const tl::IndexedRun& run) const;

    std::vector<tl::IndexedRun> runs_;
};

}  // namespace tl::ui
