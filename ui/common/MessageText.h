#pragma once
#include <QString>

class QWidget;

namespace tl::ui {

/// A message for the user in the window's one style: a short sentence first, the rest on demand.
/// Core's messages can run to kilobytes (every missing tensor of a weights file); the headline
/// keeps a dialog or a panel readable and the details keep nothing back.
struct MessageText {
    QString headline;  ///< the first line, capitalised (not a leading file or identifier), cut at a word near
                       ///< kHeadlineLimit
    QString details;   ///< the whole text when the headline leaves part of it out; else empty

    static constexpr int kHeadlineLimit = 220;  ///< characters

    static MessageText from(const QString& text);

    friend bool operator==(const MessageText&, const MessageText&) = default;
};

/// A modal warning with the headline as its text and the rest behind "Show Details…", so the
/// box never outgrows the screen. GUI thread only.
void warnUser(QWidget* parent, const QString& title, const QString& text);

}  // namespace tl::ui
