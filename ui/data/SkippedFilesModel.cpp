#include "ui/data/SkippedFilesModel.h"

#include "ui/common/PathText.h"

namespace tl::ui {

SkippedFilesModel::SkippedFilesModel(QObject* parent) : QAbstractTableModel(parent) {}

void SkippedFilesModel::setFiles(const std::vector<SkippedFile>& files, const std::filesystem::path& root) {
    beginResetModel();
    rows_.clear();
    rows_.reserve(files.size());
    for (const auto& file : files) {
        const auto relative = file.path.lexically_relative(root);
        const bool inside = !relative.empty() && *relative.begin() != "..";
        rows_.push_back(
            {toQString(inside ? relative : file.path), toQString(file.path), QString::fromStdString(file.reason)});
    }
    endResetModel();
}

void SkippedFilesModel::clear() {
    setFiles({}, {});
}

int SkippedFilesModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : static_cast<int>(rows_.size());
}

int SkippedFilesModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : kColumnCount;
}

QVariant SkippedFilesModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || static_cast<std::size_t>(index.row()) >= rows_.size()) return {};
    const Row& row = rows_[static_cast<std::size_t>(index.row())];
    if (role == Qt::DisplayRole) return index.column() == FileColumn ? row.shown : row.reason;
    if (role == Qt::ToolTipRole) return row.full + QStringLiteral("\n") + row.reason;
    return {};
}

QVariant SkippedFilesModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return {};
    return section == FileColumn ? tr("File") : tr("Reason");
}

}  // namespace tl::ui
