#include "ui/common/MessageText.h"

#include <QMessageBox>

namespace tl::ui {
namespace {

/// The text with its first letter capitalised, unless its first word is a name that must keep its
/// spelling: a file ("mini_vgg-shapes60.pth"), a path, a backbone ("mini_vgg", "resnet50").
QString capitalised(const QString& text) {
    if (text.isEmpty()) return text;
    const QString first = text.section(QLatin1Char(' '), 0, 0);
    for (const QChar c : first) {
        if (c == QLatin1Char('_') || c == QLatin1Char('.') || c == QLatin1Char('/') || c.isDigit()) return text;
    }
    return text.left(1).toUpper() + text.mid(1);
}

}  // namespace

MessageText MessageText::from(const QString& text) {
    const QString trimmed = text.trimmed();
    QString headline = trimmed.section(QLatin1Char('\n'), 0, 0).trimmed();
    if (headline.size() > kHeadlineLimit) {
        // Cut after the last separator that leaves a readable sentence, else at a space.
        int cut = -1;
        for (const auto separator : {QStringLiteral(". "), QStringLiteral(": "), QStringLiteral("; "),
                                     QStringLiteral(", "), QStringLiteral(" ")}) {
            cut = headline.lastIndexOf(separator, kHeadlineLimit);
            if (cut >= kHeadlineLimit / 3) break;
        }
        if (cut < kHeadlineLimit / 3) cut = kHeadlineLimit;
        // A whole sentence needs no ellipsis; a cut one does.
        const bool sentence = headline.mid(cut, 2) == QStringLiteral(". ");
        headline = headline.left(cut + (sentence ? 1 : 0)).trimmed() + (sentence ? QString() : QStringLiteral(" …"));
    }
    headline = capitalised(headline);
    MessageText message;
    message.headline = headline;
    const QString shownWhole = capitalised(trimmed);
    if (headline != shownWhole) message.details = trimmed;
    return message;
}

void warnUser(QWidget* parent, const QString& title, const QString& text) {
    const auto message = MessageText::from(text);
    QMessageBox box(QMessageBox::Warning, title, message.headline, QMessageBox::Ok, parent);
    box.setDetailedText(message.details);
    box.exec();
}

}  // namespace tl::ui
