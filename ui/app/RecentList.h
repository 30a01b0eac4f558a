#pragma once
#include <QObject>
#include <QStringList>

class QMenu;

namespace tl::ui {

/// A most-recent-first list of paths kept in QSettings under `key`, shown in a menu whose
/// entries emit chosen(). At most kMaximum entries; entries whose file or folder is gone are
/// dropped when the menu is rebuilt.
class RecentList : public QObject {
    Q_OBJECT
public:
    static constexpr int kMaximum = 8;

    RecentList(QString key, QMenu* menu, QObject* parent = nullptr);

    void add(const QString& path);
    QStringList paths() const;

Q_SIGNALS:
    void chosen(const QString& path);

private:
    void rebuildMenu();

    QString key_;
    QMenu* menu_;
};

}  // namespace tl::ui
