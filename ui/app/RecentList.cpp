#include "ui/app/RecentList.h"

#include <QFileInfo>
#include <QMenu>
#include <QSettings>

namespace tl::ui {

RecentList::RecentList(QString key, QMenu* menu, QObject* parent) : QObject(parent), key_(std::move(key)), menu_(menu) {
    rebuildMenu();
}

void RecentList::add(const QString& path) {
    auto list = paths();
    const auto absolute = QFileInfo(path).absoluteFilePath();
    list.removeAll(absolute);
    list.prepend(absolute);
    while (list.size() > kMaximum) list.removeLast();
    QSettings().setValue(key_, list);
    rebuildMenu();
}

QStringList RecentList::paths() const {
    QStringList existing;
    for (const auto& path : QSettings().value(key_).toStringList()) {
        if (QFileInfo::exists(path)) existing << path;
    }
    return existing;
}

void RecentList::rebuildMenu() {
    menu_->clear();
    const auto list = paths();
    for (int i = 0; i < list.size(); ++i) {
        const auto path = list[i];
        auto* action = menu_->addAction(QStringLiteral("&%1 %2").arg(i + 1).arg(path));
        connect(action, &QAction::triggered, this, [this, path] { Q_EMIT chosen(path); });
    }
    menu_->setEnabled(!list.isEmpty());
}

}  // namespace tl::ui
