#include "ui/common/MessageText.h"

#include <QMessageBox>

namespace tl::ui {

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
    if (!headline.isEmpty()) headline[0] = headline[0].toUpper();
    MessageText message;
    message.headline = headline;
    const QString shownWhole = trimmed.isEmpty() ? QString() : trimmed.left(1).toUpper() + trimmed.mid(1);
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
