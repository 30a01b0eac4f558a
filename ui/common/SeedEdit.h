#pragma once
#include <QLineEdit>
#include <QValidator>
#include <cstdint>

namespace tl::ui {

/// A seed field: any whole number from 0 to 2^64 - 1, kept exactly. Seeds in experiment files
/// are 64-bit; a QSpinBox stops at 2^31 - 1 and would change a larger one behind the user's back.
/// Header-only (no signals of its own): listen to QLineEdit::textEdited and read seed().
class SeedEdit : public QLineEdit {
public:
    explicit SeedEdit(QWidget* parent = nullptr) : QLineEdit(parent) {
        setValidator(new SeedValidator(this));
        setInputMethodHints(Qt::ImhDigitsOnly);
        setMaxLength(20);  // 18446744073709551615
        setSeed(0);
    }

    void setSeed(std::uint64_t seed) {
        seed_ = seed;
        setText(QString::number(seed));
    }

    /// The number shown, or the last one shown while the field is empty.
    std::uint64_t seed() const {
        bool ok = false;
        const auto value = text().toULongLong(&ok);
        return ok ? value : seed_;
    }

private:
    /// Digits whose value fits 64 bits; empty is allowed while typing.
    class SeedValidator : public QValidator {
    public:
        using QValidator::QValidator;
        State validate(QString& input, int&) const override {
            if (input.isEmpty()) return Intermediate;
            for (const QChar c : input) {
                if (!c.isDigit()) return Invalid;
            }
            bool ok = false;
            input.toULongLong(&ok);
            return ok ? Acceptable : Invalid;
        }
    };

    std::uint64_t seed_ = 0;
};

}  // namespace tl::ui
