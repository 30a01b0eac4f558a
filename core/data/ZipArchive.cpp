#include "core/data/ZipArchive.h"

#include <fcntl.h>
#include <unistd.h>
#include <zlib.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <map>
#include <mutex>
#include <set>
#include <tuple>

#include "core/util/Error.h"

namespace tl {
namespace {

// Record signatures and fixed sizes of the zip format (PKWARE's APPNOTE.TXT, sections 4.3-4.5).
constexpr std::uint32_t kEndOfDirectory = 0x06054b50;
constexpr std::uint32_t kZip64EndOfDirectory = 0x06064b50;
constexpr std::uint32_t kZip64Locator = 0x07064b50;
constexpr std::uint32_t kDirectoryHeader = 0x02014b50;
constexpr std::uint32_t kLocalHeader = 0x04034b50;
constexpr std::size_t kEndOfDirectoryBytes = 22;
constexpr std::size_t kZip64LocatorBytes = 20;
constexpr std::size_t kZip64EndOfDirectoryBytes = 56;
constexpr std::size_t kDirectoryHeaderBytes = 46;
constexpr std::size_t kLocalHeaderBytes = 30;
constexpr std::size_t kMaxCommentBytes = 0xFFFF;
// The central directory of 25,000 entries is about 1.5 MB; one of a million entries would be ~80.
constexpr std::uint64_t kMaxDirectoryBytes = 512ull << 20;

std::uint64_t little(std::string_view bytes, std::size_t at, int width) {
    std::uint64_t value = 0;
    for (int i = width - 1; i >= 0; --i) value = (value << 8) | static_cast<std::uint8_t>(bytes[at + i]);
    return value;
}

std::string withoutSlashes(std::string_view name) {
    while (!name.empty() && name.front() == '/') name.remove_prefix(1);
    while (!name.empty() && name.back() == '/') name.remove_suffix(1);
    return std::string(name);
}

/// Values the 32-bit fields leave at 0xFFFFFFFF are in the zip64 extra field (id 1), in this
/// order: size, compressed size, local header offset.
void applyZip64Extra(std::string_view extra, ZipArchive::Entry& entry, bool sizeFull, bool compressedFull,
                     bool offsetFull) {
    std::size_t at = 0;
    while (at + 4 <= extra.size()) {
        const auto id = little(extra, at, 2);
        const auto length = little(extra, at + 2, 2);
        const std::size_t body = at + 4;
        if (body + length > extra.size()) return;
        if (id == 1) {
            std::size_t field = body;
            const auto next = [&](std::uint64_t& value) {
                if (field + 8 <= body + length) {
                    value = little(extra, field, 8);
                    field += 8;
                }
            };
            if (sizeFull) next(entry.size);
            if (compressedFull) next(entry.compressedSize);
            if (offsetFull) next(entry.localHeaderOffset);
            return;
        }
        at = body + length;
    }
}

std::string folderOf(const std::string& name) {
    const auto slash = name.rfind('/');
    return slash == std::string::npos ? std::string() : name.substr(0, slash);
}

}  // namespace

bool hasZipExtension(const std::filesystem::path& path) {
    auto extension = path.extension().string();
    std::transform(extension.begin(), extension.end(), extension.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return extension == ".zip";
}

ZipArchive::ZipArchive(const std::filesystem::path& file) : file_(file) {
    descriptor_ = ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
    if (descriptor_ < 0) throw Error(file.string() + ": cannot open the archive: " + std::strerror(errno));
    try {
        const off_t end = ::lseek(descriptor_, 0, SEEK_END);
        if (end < 0) throw Error(file.string() + ": cannot read the archive: " + std::strerror(errno));
        size_ = static_cast<std::uint64_t>(end);
        const auto damaged = [&](const std::string& why) {
            return Error(file.string() + ": not a usable zip archive: " + why);
        };
        if (size_ < kEndOfDirectoryBytes) throw damaged("too short");

        // The end-of-directory record is the last thing in the file, before an optional comment.
        const auto tailSize =
            static_cast<std::size_t>(std::min<std::uint64_t>(size_, kEndOfDirectoryBytes + kMaxCommentBytes));
        const std::string tail = readAt(size_ - tailSize, tailSize);
        std::size_t at = tailSize - kEndOfDirectoryBytes + 1;
        bool found = false;
        while (at-- > 0) {
            if (little(tail, at, 4) == kEndOfDirectory) {
                found = true;
                break;
            }
        }
        if (!found) throw damaged("no end-of-archive record (truncated, or not a zip file)");
        std::uint64_t count = little(tail, at + 10, 2);
        std::uint64_t directorySize = little(tail, at + 12, 4);
        std::uint64_t directoryOffset = little(tail, at + 16, 4);
        const std::uint64_t recordOffset = size_ - tailSize + at;
        if (recordOffset >= kZip64LocatorBytes) {
            const auto locator = readAt(recordOffset - kZip64LocatorBytes, kZip64LocatorBytes);
            if (little(locator, 0, 4) == kZip64Locator) {
                const auto zip64Offset = little(locator, 8, 8);
                if (zip64Offset > size_ - kZip64EndOfDirectoryBytes) throw damaged("bad zip64 record offset");
                const auto record = readAt(zip64Offset, kZip64EndOfDirectoryBytes);
                if (little(record, 0, 4) != kZip64EndOfDirectory) throw damaged("bad zip64 end-of-archive record");
                count = little(record, 32, 8);
                directorySize = little(record, 40, 8);
                directoryOffset = little(record, 48, 8);
            }
        }
        if (directoryOffset > size_ || directorySize > size_ - directoryOffset) {
            throw damaged("its directory lies outside the file (truncated download?)");
        }
        if (directorySize > kMaxDirectoryBytes) throw damaged("a directory of over 512 MiB");
        const std::string directory = readAt(directoryOffset, static_cast<std::size_t>(directorySize));

        std::set<std::string> folders;
        std::size_t cursor = 0;
        for (std::uint64_t i = 0; i < count; ++i) {
            if (cursor + kDirectoryHeaderBytes > directory.size() || little(directory, cursor, 4) != kDirectoryHeader) {
                throw damaged("its directory is damaged at entry " + std::to_string(i + 1));
            }
            Entry entry;
            const auto flags = little(directory, cursor + 8, 2);
            entry.encrypted = (flags & 1) != 0;
            entry.method = static_cast<std::uint16_t>(little(directory, cursor + 10, 2));
            entry.crc32 = static_cast<std::uint32_t>(little(directory, cursor + 16, 4));
            entry.compressedSize = little(directory, cursor + 20, 4);
            entry.size = little(directory, cursor + 24, 4);
            const auto nameLength = little(directory, cursor + 28, 2);
            const auto extraLength = little(directory, cursor + 30, 2);
            const auto commentLength = little(directory, cursor + 32, 2);
            entry.localHeaderOffset = little(directory, cursor + 42, 4);
            const auto next = cursor + kDirectoryHeaderBytes + nameLength + extraLength + commentLength;
            if (next > directory.size()) throw damaged("its directory is damaged at entry " + std::to_string(i + 1));
            const std::string_view view(directory);
            entry.name = std::string(view.substr(cursor + kDirectoryHeaderBytes, nameLength));
            applyZip64Extra(view.substr(cursor + kDirectoryHeaderBytes + nameLength, extraLength), entry,
                            entry.size == 0xFFFFFFFF, entry.compressedSize == 0xFFFFFFFF,
                            entry.localHeaderOffset == 0xFFFFFFFF);
            cursor = next;
            std::replace(entry.name.begin(), entry.name.end(), '\\', '/');
            const bool isFolder = !entry.name.empty() && entry.name.back() == '/';
            entry.name = withoutSlashes(entry.name);
            if (entry.name.empty()) continue;
            for (auto folder = isFolder ? entry.name : folderOf(entry.name); !folder.empty();
                 folder = folderOf(folder)) {
                folders.insert(folder);
            }
            if (!isFolder) entries_.push_back(std::move(entry));
        }
        std::sort(entries_.begin(), entries_.end(), [](const Entry& a, const Entry& b) { return a.name < b.name; });
        folders_.assign(folders.begin(), folders.end());
    } catch (...) {
        ::close(descriptor_);
        throw;
    }
}

ZipArchive::~ZipArchive() {
    ::close(descriptor_);
}

std::shared_ptr<const ZipArchive> ZipArchive::shared(const std::filesystem::path& file) {
    static std::mutex mutex;
    static std::map<std::filesystem::path, std::tuple<std::uintmax_t, std::int64_t, std::shared_ptr<const ZipArchive>>>
        opened;
    std::error_code error;
    const auto absolute = std::filesystem::absolute(file, error).lexically_normal();
    const auto size = std::filesystem::file_size(absolute, error);
    const auto time = error ? 0 : std::filesystem::last_write_time(absolute, error).time_since_epoch().count();
    std::lock_guard lock(mutex);
    if (const auto it = opened.find(absolute); it != opened.end()) {
        const auto& [knownSize, knownTime, archive] = it->second;
        if (!error && knownSize == size && knownTime == time) return archive;
    }
    auto archive = std::make_shared<const ZipArchive>(absolute);
    opened[absolute] = {size, time, archive};
    return archive;
}

const ZipArchive::Entry* ZipArchive::find(std::string_view name) const {
    const auto key = withoutSlashes(name);
    const auto it = std::lower_bound(entries_.begin(), entries_.end(), key,
                                     [](const Entry& entry, const std::string& wanted) { return entry.name < wanted; });
    return it != entries_.end() && it->name == key ? &*it : nullptr;
}

bool ZipArchive::hasFolder(std::string_view folder) const {
    const auto key = withoutSlashes(folder);
    return key.empty() || std::binary_search(folders_.begin(), folders_.end(), key);
}

ZipArchive::Listing ZipArchive::list(std::string_view folder) const {
    const auto key = withoutSlashes(folder);
    Listing listing;
    for (const auto& entry : entries_) {
        if (folderOf(entry.name) == key) listing.files.push_back(entry.name.substr(key.empty() ? 0 : key.size() + 1));
    }
    for (const auto& candidate : folders_) {
        if (folderOf(candidate) == key) listing.folders.push_back(candidate.substr(key.empty() ? 0 : key.size() + 1));
    }
    return listing;
}

std::string ZipArchive::readAt(std::uint64_t offset, std::size_t count) const {
    std::string bytes(count, '\0');
    std::size_t done = 0;
    while (done < count) {
        const auto got = ::pread(descriptor_, bytes.data() + done, count - done, static_cast<off_t>(offset + done));
        if (got < 0 && errno == EINTR) continue;
        if (got < 0) throw Error(file_.string() + ": cannot read the archive: " + std::strerror(errno));
        if (got == 0) throw Error(file_.string() + ": the archive ends early (truncated download?)");
        done += static_cast<std::size_t>(got);
    }
    return bytes;
}

std::string ZipArchive::read(const Entry& entry) const {
    if (entry.encrypted) throw Error("encrypted (password-protected zip entries are not read)");
    if (entry.method != 0 && entry.method != 8) {
        throw Error("compressed with method " + std::to_string(entry.method) +
                    " (only stored and deflated zip entries are read; unpack the archive)");
    }
    if (entry.size > kMaxEntryBytes) {
        throw Error("declares " + std::to_string(entry.size) + " bytes unpacked, over the 256 MiB limit (not read)");
    }
    if (entry.localHeaderOffset > size_ || size_ - entry.localHeaderOffset < kLocalHeaderBytes) {
        throw Error("damaged: its header lies outside the archive");
    }
    const auto header = readAt(entry.localHeaderOffset, kLocalHeaderBytes);
    if (little(header, 0, 4) != kLocalHeader) throw Error("damaged: no entry header where the directory points");
    const auto dataOffset = entry.localHeaderOffset + kLocalHeaderBytes + little(header, 26, 2) + little(header, 28, 2);
    if (dataOffset > size_ || entry.compressedSize > size_ - dataOffset) {
        throw Error("damaged: its data runs past the end of the archive");
    }
    const auto packed = readAt(dataOffset, static_cast<std::size_t>(entry.compressedSize));

    std::string bytes;
    if (entry.method == 0) {
        if (entry.compressedSize != entry.size) throw Error("damaged: a stored entry whose sizes differ");
        bytes = packed;
    } else {
        bytes.resize(static_cast<std::size_t>(entry.size));
        z_stream stream{};
        if (inflateInit2(&stream, -MAX_WBITS) != Z_OK) throw Error("cannot start zlib");
        stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(packed.data()));
        stream.avail_in = static_cast<uInt>(packed.size());
        stream.next_out = reinterpret_cast<Bytef*>(bytes.data());
        stream.avail_out = static_cast<uInt>(bytes.size());
        // One extra byte of room tells an entry that inflates to more than it declares.
        char overflow = 0;
        int status = inflate(&stream, Z_FINISH);
        if (status == Z_BUF_ERROR && stream.avail_out == 0) {
            stream.next_out = reinterpret_cast<Bytef*>(&overflow);
            stream.avail_out = 1;
            status = inflate(&stream, Z_FINISH);
            if (stream.avail_out == 0) status = Z_DATA_ERROR;
        }
        const auto produced = stream.total_out;
        inflateEnd(&stream);
        if (status != Z_STREAM_END || produced != entry.size) {
            throw Error("damaged: its compressed data does not inflate to the " + std::to_string(entry.size) +
                        " bytes it declares");
        }
    }
    const auto crc = crc32(0L, reinterpret_cast<const Bytef*>(bytes.data()), static_cast<uInt>(bytes.size()));
    if (crc != entry.crc32) throw Error("damaged: its CRC-32 does not match (corrupt archive)");
    return bytes;
}

std::optional<ArchivedPath> findArchivedPath(const std::filesystem::path& path) {
    std::vector<std::string> inner;
    for (auto candidate = path; !candidate.empty(); candidate = candidate.parent_path()) {
        std::error_code error;
        if (hasZipExtension(candidate) && std::filesystem::is_regular_file(candidate, error)) {
            std::string joined;
            for (auto it = inner.rbegin(); it != inner.rend(); ++it) joined += (joined.empty() ? "" : "/") + *it;
            return ArchivedPath{candidate, joined};
        }
        if (std::filesystem::exists(candidate, error)) return std::nullopt;  // a real file or folder
        const auto name = candidate.filename().string();
        if (!name.empty() && name != "." && name != "/") inner.push_back(name);
        if (candidate == candidate.parent_path()) break;
    }
    return std::nullopt;
}

}  // namespace tl
