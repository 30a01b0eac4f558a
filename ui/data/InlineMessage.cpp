#include "ui/data/InlineMessage.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QStyle>

namespace tl::ui {

InlineMessage::InlineMessage(QWidget* parent) : QFrame(parent), icon_(new QLabel(this)), text_(new QLabel(this)) {
    setObjectName(QStringLiteral("inlineMessage"));
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(10, 6, 10, 6);
    layout->setSpacing(8);
    icon_->setAlignment(Qt::AlignTop);
    text_->setWordWrap(true);
    text_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(icon_);
    layout->addWidget(text_, 1);
    hide();
}

void InlineMessage::showMessage(Kind kind, const QString& text) {
    kind_ = kind;
    // Light tints that read as info / warning / error without shouting; text stays dark.
    struct Look {
        const char* background;
        const char* border;
        const char* foreground;
        QStyle::StandardPixmap icon;
    };
    const Look look = kind == Kind::Error     ? Look{"#fdecea", "#e6a29b", "#6e1610", QStyle::SP_MessageBoxCritical}
                      : kind == Kind::Warning ? Look{"#fff6dc", "#e8c874", "#5c4300", QStyle::SP_MessageBoxWarning}
                                              : Look{"#e9f1fc", "#a3c0e8", "#1c3a63", QStyle::SP_MessageBoxInformation};
    setStyleSheet(QStringLiteral("#inlineMessage { background: %1; border: 1px solid %2; border-radius: 4px; }"
                                 "#inlineMessage QLabel { color: %3; background: transparent; }")
                      .arg(QLatin1String(look.background), QLatin1String(look.border),
                           QLatin1String(look.foreground)));
    const int side = style()->pixelMetric(QStyle::PM_SmallIconSize);
    icon_->setPixmap(style()->standardIcon(look.icon).pixmap(side, side));
    text_->setText(text);
    show();
}

void InlineMessage::clearMessage() {
    text_->clear();
    hide();
}

QString InlineMessage::text() const { return text_->text(); }

}  // namespace tl::ui
