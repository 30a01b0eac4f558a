#pragma once
#include <QWidget>
#include <filesystem>
#include <optional>

#include "core/data/Dataset.h"

class QComboBox;
class QLineEdit;
class QPushButton;
class QToolButton;

namespace tl::ui {

/// The dataset folder (typed, or chosen with "Open folder…") and its layout. The "Auto" entry of
/// the layout combo names the layout a scan detected. Setters never emit; signals mean the user
/// acted. GUI thread only.
class DataSourceBar : public QWidget {
    Q_OBJECT
public:
    explicit DataSourceBar(QWidget* parent = nullptr);

    void setFolder(const std::filesystem::path& folder);
    std::filesystem::path folder() const;
    void setLayoutChoice(DatasetLayout layout);
    DatasetLayout layoutChoice() const;
    /// What Auto resolved to in the last scan; nothing while unknown.
    void setDetectedLayout(std::optional<DatasetLayout> detected);

    /// A readable name of a layout ("Class folders", "Kaggle flat", ...).
    static QString layoutName(DatasetLayout layout);

Q_SIGNALS:
    void folderChosen();
    void layoutChosen();
    /// The user asked to scan the same folder again (files were added or removed).
    void rescanRequested();

private:
    void openFolderDialog();
    void commitTypedFolder();

    QLineEdit* folderEdit_;
    QPushButton* openButton_;
    QToolButton* rescanButton_;
    QComboBox* layoutCombo_;
    std::filesystem::path committed_;  // last folder reported, so re-committing the same text is quiet
};

}  // namespace tl::ui
