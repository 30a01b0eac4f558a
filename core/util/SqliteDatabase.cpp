#include "core/util/SqliteDatabase.h"

#include <sqlite3.h>

#include "core/util/SqliteStatement.h"

namespace tl {

bool SqliteError::damaged() const {
    const int primary = code_ & 0xff;
    return primary == SQLITE_CORRUPT || primary == SQLITE_NOTADB;
}

SqliteDatabase::SqliteDatabase(const std::filesystem::path& file, int busyMilliseconds) : file_(file) {
    const std::string name = file.empty() ? std::string(":memory:") : file.string();
    const int code = sqlite3_open_v2(name.c_str(), &handle_,
                                     SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
    if (code != SQLITE_OK) {
        const std::string message = handle_ ? sqlite3_errmsg(handle_) : sqlite3_errstr(code);
        sqlite3_close(handle_);
        handle_ = nullptr;
        throw SqliteError(name + ": " + message, code);
    }
    sqlite3_extended_result_codes(handle_, 1);
    sqlite3_busy_timeout(handle_, busyMilliseconds);
}

SqliteDatabase::~SqliteDatabase() {
    sqlite3_close(handle_);
}

void SqliteDatabase::execute(const std::string& sql) {
    char* message = nullptr;
    const int code = sqlite3_exec(handle_, sql.c_str(), nullptr, nullptr, &message);
    if (code != SQLITE_OK) {
        const std::string text = message ? message : sqlite3_errstr(code);
        sqlite3_free(message);
        throw SqliteError(file_.string() + ": " + text, code);
    }
}

long long SqliteDatabase::queryInteger(const std::string& sql) {
    SqliteStatement statement(*this, sql);
    return statement.step() ? statement.integer(0) : 0;
}

std::string SqliteDatabase::queryText(const std::string& sql) {
    SqliteStatement statement(*this, sql);
    return statement.step() ? statement.text(0) : std::string{};
}

void SqliteDatabase::fail(const std::string& what, int code) const {
    throw SqliteError(file_.string() + ": " + what + ": " + sqlite3_errmsg(handle_), code);
}

}  // namespace tl
