#pragma once
#include <QAbstractTableModel>
#include <QString>
#include <filesystem>
#include <vector>

#include "core/data/Dataset.h"

namespace tl::ui {

/// The files a scan could not use (core's Dataset::skipped): file | reason. Paths show relative
/// to the dataset folder; the tooltip gives the full path. GUI thread only.
class SkippedFilesModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { FileColumn, ReasonColumn, kColumnCount };

    explicit SkippedFilesModel(QObject* parent = nullptr);

    void setFiles(const std::vector<SkippedFile>& files, const std::filesystem::path& root);
    void clear();

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    struct Row {
        QString shown;  // relative to the dataset folder where possible
        QString full;
        QString reason;
    };
    std::vector<Row> rows_;
};

}  // namespace tl::ui
