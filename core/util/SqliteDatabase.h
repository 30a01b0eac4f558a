#pragma once
#include <filesystem>
#include <string>

#include "core/util/Error.h"

struct sqlite3;

namespace tl {

/// A failed SQLite call; code() is SQLite's primary result code (SQLITE_CORRUPT, SQLITE_BUSY...).
class SqliteError : public Error {
public:
    SqliteError(const std::string& message, int code) : Error(message), code_(code) {}
    int code() const { return code_; }
    /// The file is not a database or is corrupt (as opposed to busy, read-only, full).
    bool damaged() const;

private:
    int code_;
};

/// One connection to an SQLite database file, through Debian's libsqlite3. Not thread-safe: use
/// a connection from one thread at a time (each thread or process opens its own).
class SqliteDatabase {
public:
    /// Opens `file`, creating it when missing; an empty path opens a private in-memory database.
    /// Waits up to `busyMilliseconds` for another connection's write lock before a call fails
    /// with SQLITE_BUSY. Throws SqliteError.
    explicit SqliteDatabase(const std::filesystem::path& file, int busyMilliseconds = 5000);
    ~SqliteDatabase();
    SqliteDatabase(const SqliteDatabase&) = delete;
    SqliteDatabase& operator=(const SqliteDatabase&) = delete;

    /// Runs one or more statements that return no rows (or whose rows are not needed).
    void execute(const std::string& sql);
    /// The integer in the first column of the first row of `sql` (PRAGMA user_version, COUNT(*)).
    long long queryInteger(const std::string& sql);
    /// The text of the first column of the first row of `sql` (PRAGMA journal_mode, quick_check).
    std::string queryText(const std::string& sql);

    sqlite3* handle() const { return handle_; }
    const std::filesystem::path& file() const { return file_; }
    /// Throws SqliteError with the connection's last message, prefixed by `what`.
    [[noreturn]] void fail(const std::string& what, int code) const;

private:
    sqlite3* handle_ = nullptr;
    std::filesystem::path file_;
};

}  // namespace tl
