#include "cli/TextTable.h"

#include <algorithm>

namespace tl::cli {
namespace {

/// Code points, not bytes: class names and run names may hold accents.
std::size_t displayWidth(const std::string& text) {
    return static_cast<std::size_t>(
        std::count_if(text.begin(), text.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

}  // namespace

TextTable::TextTable(std::vector<std::string> headers, std::vector<Align> align)
    : headers_(std::move(headers)), align_(std::move(align)) {
    align_.resize(headers_.size(), Align::Left);
}

void TextTable::addRow(std::vector<std::string> cells) {
    cells.resize(headers_.size());
    rows_.push_back(std::move(cells));
}

std::string TextTable::str(int indent) const {
    std::vector<std::size_t> widths(headers_.size());
    for (std::size_t c = 0; c < headers_.size(); ++c) {
        widths[c] = displayWidth(headers_[c]);
        for (const auto& row : rows_) widths[c] = std::max(widths[c], displayWidth(row[c]));
    }
    const std::string margin(static_cast<std::size_t>(std::max(0, indent)), ' ');
    auto line = [&](const std::vector<std::string>& cells) {
        std::string text = margin;
        for (std::size_t c = 0; c < cells.size(); ++c) {
            const std::string pad(widths[c] - displayWidth(cells[c]), ' ');
            const bool last = c + 1 == cells.size();
            if (align_[c] == Align::Right)
                text += pad + cells[c];
            else
                text += cells[c] + (last ? "" : pad);
            if (!last) text += "  ";
        }
        // an empty last cell leaves the padding of the one before it
        text.erase(text.find_last_not_of(' ') + 1);
        return text + "\n";
    };
    std::string text = line(headers_);
    std::vector<std::string> rule;
    for (auto width : widths) rule.emplace_back(width, '-');
    text += line(rule);
    for (const auto& row : rows_) text += line(row);
    return text;
}

}  // namespace tl::cli
