#include "ui/common/InlineMessage.h"

#include <QGridLayout>
#include <QLabel>
#include <QStyle>
#include <QToolButton>

#include "ui/common/MessageText.h"

namespace tl::ui {
namespace {

QLabel* wrappedLabel() {
    auto* label = new QLabel;
    label->setWordWrap(true);
    label->setTextFormat(Qt::PlainText);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    // Word wrap alone still widens a panel for a long path with no spaces in it.
    label->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    label->setMinimumWidth(40);
    return label;
}

}  // namespace

InlineMessage::InlineMessage(QWidget* parent)
    : QFrame(parent),
      icon_(new QLabel),
      headline_(wrappedLabel()),
      detailsButton_(new QToolButton),
      details_(wrappedLabel()) {
    setObjectName(QStringLiteral("inlineMessage"));
    setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Maximum);
    auto* layout = new QGridLayout(this);
    layout->setContentsMargins(10, 6, 10, 6);
    layout->setHorizontalSpacing(8);
    icon_->setAlignment(Qt::AlignTop);
    detailsButton_->setText(tr("Details"));
    detailsButton_->setCheckable(true);
    detailsButton_->setAutoRaise(true);
    detailsButton_->setToolTip(tr("Show or hide the whole message."));
    details_->hide();
    layout->addWidget(icon_, 0, 0, Qt::AlignTop);
    layout->addWidget(headline_, 0, 1);
    layout->addWidget(detailsButton_, 0, 2, Qt::AlignTop);
    layout->addWidget(details_, 1, 1, 1, 2);
    layout->setColumnStretch(1, 1);
    connect(detailsButton_, &QToolButton::toggled, details_, &QWidget::setVisible);
    hide();
}

void InlineMessage::showMessage(Kind kind, const QString& text) {
    kind_ = kind;
    text_ = text;
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
    setStyleSheet(
        QStringLiteral("#inlineMessage { background: %1; border: 1px solid %2; border-radius: 4px; }"
                       "#inlineMessage QLabel, #inlineMessage QToolButton { color: %3; background: transparent; }")
            .arg(QLatin1String(look.background), QLatin1String(look.border), QLatin1String(look.foreground)));
    const int side = style()->pixelMetric(QStyle::PM_SmallIconSize);
    icon_->setPixmap(style()->standardIcon(look.icon).pixmap(side, side));
    const auto message = MessageText::from(text);
    headline_->setText(message.headline);
    details_->setText(message.details);
    detailsButton_->setChecked(false);
    detailsButton_->setVisible(!message.details.isEmpty());
    show();
}

void InlineMessage::clearMessage() {
    text_.clear();
    headline_->clear();
    details_->clear();
    hide();
}

QString InlineMessage::headline() const {
    return headline_->text();
}

bool InlineMessage::hasDetails() const {
    return !details_->text().isEmpty();
}

}  // namespace tl::ui
