#pragma once
#include <QFrame>

class QLabel;

namespace tl::ui {

/// A message shown inside the panel (instead of a modal dialog): an icon and wrapped text on a
/// tinted band. Hidden while empty. GUI thread only.
class InlineMessage : public QFrame {
    Q_OBJECT
public:
    enum class Kind { Info, Warning, Error };

    explicit InlineMessage(QWidget* parent = nullptr);

    void showMessage(Kind kind, const QString& text);
    void clearMessage();

    Kind kind() const { return kind_; }
    QString text() const;

private:
    QLabel* icon_;
    QLabel* text_;
    Kind kind_ = Kind::Info;
};

}  // namespace tl::ui
