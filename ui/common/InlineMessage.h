#pragma once
#include <QFrame>

class QLabel;
class QToolButton;

namespace tl::ui {

/// A message shown inside a panel (instead of a modal dialog): an icon and a one-sentence
/// headline on a tinted band, with the rest of a long message behind "Details" (MessageText).
/// It takes the width its layout gives and never widens a panel, whatever the text. Hidden while
/// empty. GUI thread only.
class InlineMessage : public QFrame {
    Q_OBJECT
public:
    enum class Kind { Info, Warning, Error };

    explicit InlineMessage(QWidget* parent = nullptr);

    void showMessage(Kind kind, const QString& text);
    void clearMessage();

    Kind kind() const { return kind_; }
    /// The whole message as given to showMessage().
    QString text() const { return text_; }
    /// What the band shows before "Details" is pressed.
    QString headline() const;
    bool hasDetails() const;

private:
    QLabel* icon_;
    QLabel* headline_;
    QToolButton* detailsButton_;
    QLabel* details_;
    QString text_;
    Kind kind_ = Kind::Info;
};

}  // namespace tl::ui
