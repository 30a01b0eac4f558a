#include "core/util/SqliteStatement.h"

#include <sqlite3.h>

#include "core/util/SqliteDatabase.h"

namespace tl {

SqliteStatement::SqliteStatement(SqliteDatabase& database, const std::string& sql) : database_(database) {
    const int code = sqlite3_prepare_v2(database.handle(), sql.c_str(), -1, &statement_, nullptr);
    if (code != SQLITE_OK) database.fail("cannot prepare \"" + sql.substr(0, 60) + "\"", code);
}

SqliteStatement::~SqliteStatement() {
    sqlite3_finalize(statement_);
}

SqliteStatement& SqliteStatement::bind(int index, const std::string& value) {
    const int code =
        sqlite3_bind_text(statement_, index, value.data(), static_cast<int>(value.size()), SQLITE_TRANSIENT);
    if (code != SQLITE_OK) database_.fail("cannot bind parameter " + std::to_string(index), code);
    return *this;
}

SqliteStatement& SqliteStatement::bind(int index, std::int64_t value) {
    const int code = sqlite3_bind_int64(statement_, index, value);
    if (code != SQLITE_OK) database_.fail("cannot bind parameter " + std::to_string(index), code);
    return *this;
}

SqliteStatement& SqliteStatement::bind(int index, double value) {
    const int code = sqlite3_bind_double(statement_, index, value);
    if (code != SQLITE_OK) database_.fail("cannot bind parameter " + std::to_string(index), code);
    return *this;
}

SqliteStatement& SqliteStatement::bind(int index, const std::optional<double>& value) {
    if (value) return bind(index, *value);
    const int code = sqlite3_bind_null(statement_, index);
    if (code != SQLITE_OK) database_.fail("cannot bind parameter " + std::to_string(index), code);
    return *this;
}

bool SqliteStatement::step() {
    const int code = sqlite3_step(statement_);
    if (code == SQLITE_ROW) return true;
    if (code == SQLITE_DONE) return false;
    database_.fail("statement failed", code);
}

void SqliteStatement::reset() {
    sqlite3_reset(statement_);
    sqlite3_clear_bindings(statement_);
}

std::string SqliteStatement::text(int column) const {
    const auto* bytes = sqlite3_column_text(statement_, column);
    if (!bytes) return {};
    return std::string(reinterpret_cast<const char*>(bytes),
                       static_cast<std::size_t>(sqlite3_column_bytes(statement_, column)));
}

std::int64_t SqliteStatement::integer(int column) const {
    return sqlite3_column_int64(statement_, column);
}

double SqliteStatement::real(int column) const {
    return sqlite3_column_double(statement_, column);
}

std::optional<double> SqliteStatement::optionalReal(int column) const {
    if (sqlite3_column_type(statement_, column) == SQLITE_NULL) return std::nullopt;
    return sqlite3_column_double(statement_, column);
}

}  // namespace tl
