#include "core/data/FileStamp.h"

#include "core/data/ZipArchive.h"
#include "core/util/Error.h"

namespace tl {

FileStamp stampOf(const std::filesystem::path& file) {
    std::error_code error;
    const auto size = std::filesystem::file_size(file, error);
    if (!error) {
        const auto modified = std::filesystem::last_write_time(file, error);
        return {size, error ? 0 : static_cast<std::int64_t>(modified.time_since_epoch().count())};
    }
    const auto where = findArchivedPath(file);
    if (!where || where->inner.empty()) return {};
    try {
        const auto archive = ZipArchive::shared(where->archive);
        const auto* entry = archive->find(where->inner);
        if (!entry) return {};
        const auto modified = std::filesystem::last_write_time(where->archive, error);
        const auto ticks = error ? 0 : static_cast<std::int64_t>(modified.time_since_epoch().count());
        return {entry->size, ticks ^ (static_cast<std::int64_t>(entry->crc32) << 1)};
    } catch (const Error&) {
        return {};
    }
}

}  // namespace tl
