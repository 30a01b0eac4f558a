#pragma once
#include <cstdint>
#include <optional>
#include <string>

struct sqlite3_stmt;

namespace tl {

class SqliteDatabase;

/// One prepared statement of a SqliteDatabase. Parameters are numbered from 1 (SQLite's "?"
/// order); columns from 0. step() runs it; reset() makes it ready to bind and run again.
class SqliteStatement {
public:
    SqliteStatement(SqliteDatabase& database, const std::string& sql);
    ~SqliteStatement();
    SqliteStatement(const SqliteStatement&) = delete;
    SqliteStatement& operator=(const SqliteStatement&) = delete;

    SqliteStatement& bind(int index, const std::string& value);
    SqliteStatement& bind(int index, std::int64_t value);
    SqliteStatement& bind(int index, int value) { return bind(index, static_cast<std::int64_t>(value)); }
    SqliteStatement& bind(int index, double value);
    /// NULL when empty.
    SqliteStatement& bind(int index, const std::optional<double>& value);

    /// True while a row is ready to read; false when the statement has finished. Throws SqliteError.
    bool step();
    void reset();

    std::string text(int column) const;
    std::int64_t integer(int column) const;
    double real(int column) const;
    /// Empty when the column is NULL.
    std::optional<double> optionalReal(int column) const;

private:
    SqliteDatabase& database_;
    sqlite3_stmt* statement_ = nullptr;
};

}  // namespace tl
