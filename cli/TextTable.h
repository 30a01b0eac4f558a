#pragma once
#include <string>
#include <vector>

namespace tl::cli {

/// A table of text for a terminal: columns as wide as their widest cell, two spaces apart,
/// numbers right-aligned where the column says so. Cells are UTF-8; widths count code points.
class TextTable {
public:
    enum class Align { Left, Right };

    /// One column per header; `align` gives each column's alignment (left where missing).
    explicit TextTable(std::vector<std::string> headers, std::vector<Align> align = {});

    /// A row of cells; a short row is padded with empty cells, a long one is cut to the headers.
    void addRow(std::vector<std::string> cells);
    bool empty() const { return rows_.empty(); }

    /// Header, a rule, then the rows, each line indented by `indent` spaces and ending in '\n'.
    std::string str(int indent = 0) const;

private:
    std::vector<std::string> headers_;
    std::vector<Align> align_;
    std::vector<std::vector<std::string>> rows_;
};

}  // namespace tl::cli
