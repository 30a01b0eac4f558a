#include "core/data/ImageDecoder.h"

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <memory>
#include <string_view>

#include "core/data/ZipArchive.h"
#include "core/util/Error.h"

namespace tl {
namespace {

// The signature, and PNG's and BMP's declared width and height.
constexpr std::size_t kHeadBytes = 32;
// Enough to look past zero padding some writers append after a JPEG's end marker.
constexpr std::size_t kTailBytes = 4096;

enum class Format { Jpeg, Png, Bmp, Tiff, Webp, Unknown };

bool startsWith(std::string_view bytes, std::string_view prefix) {
    return bytes.size() >= prefix.size() && bytes.substr(0, prefix.size()) == prefix;
}

bool endsWith(std::string_view bytes, std::string_view suffix) {
    return bytes.size() >= suffix.size() && bytes.substr(bytes.size() - suffix.size()) == suffix;
}

Format sniff(std::string_view head) {
    using namespace std::string_view_literals;
    if (startsWith(head, "\xFF\xD8\xFF"sv)) return Format::Jpeg;
    if (startsWith(head, "\x89PNG\r\n\x1A\n"sv)) return Format::Png;
    if (startsWith(head, "BM"sv)) return Format::Bmp;
    if (startsWith(head, "II*\0"sv) || startsWith(head, "MM\0*"sv)) return Format::Tiff;
    if (startsWith(head, "RIFF"sv) && head.size() >= 12 && head.substr(8, 4) == "WEBP"sv) return Format::Webp;
    return Format::Unknown;
}

std::uint32_t littleEndian32(std::string_view bytes, std::size_t at) {
    std::uint32_t value = 0;
    for (int i = 3; i >= 0; --i) value = (value << 8) | static_cast<std::uint8_t>(bytes[at + i]);
    return value;
}

std::string_view withoutTrailingZeros(std::string_view bytes) {
    const auto last = bytes.find_last_not_of('\0');
    return last == std::string_view::npos ? std::string_view{} : bytes.substr(0, last + 1);
}

std::uint32_t bigEndian32(std::string_view bytes, std::size_t at) {
    std::uint32_t value = 0;
    for (int i = 0; i < 4; ++i) value = (value << 8) | static_cast<std::uint8_t>(bytes[at + i]);
    return value;
}

/// "declares WxH pixels, ..." when `width` x `height` is over the pixel budget.
std::optional<std::string> overBudget(std::uint64_t width, std::uint64_t height) {
    if (width * height <= ImageDecoder::kMaxPixels) return std::nullopt;
    return "declares " + std::to_string(width) + "x" + std::to_string(height) + " pixels, over the " +
           std::to_string(ImageDecoder::kMaxPixels / 1'000'000) + "-megapixel limit (not decoded)";
}

/// The problem visible in a file's first bytes (`head`) and last bytes (`tail`); `size` is the
/// whole file's size in bytes.
std::optional<std::string> problemIn(std::string_view head, std::string_view tail, std::uintmax_t size) {
    using namespace std::string_view_literals;
    if (size == 0) return "zero bytes";
    switch (sniff(head)) {
        case Format::Jpeg:
            if (!endsWith(withoutTrailingZeros(tail), "\xFF\xD9"sv)) return "truncated";
            return std::nullopt;
        case Format::Png:
            if (!endsWith(withoutTrailingZeros(tail), "IEND\xAE\x42\x60\x82"sv)) return "truncated";
            // IHDR, always the first chunk: width and height at offsets 16 and 20, big-endian.
            if (head.size() >= 24) return overBudget(bigEndian32(head, 16), bigEndian32(head, 20));
            return std::nullopt;
        case Format::Bmp: {
            // bfSize, the whole file's size, sits at offset 2; 0 is allowed by old writers.
            if (head.size() < 6 || size < 26 || size < littleEndian32(head, 2)) return "truncated";
            if (head.size() < 26) return std::nullopt;
            // BITMAPINFOHEADER: width and height (negative for top-down) at 18 and 22.
            const auto width = static_cast<std::int32_t>(littleEndian32(head, 18));
            const auto height = static_cast<std::int32_t>(littleEndian32(head, 22));
            return overBudget(static_cast<std::uint64_t>(std::abs(static_cast<std::int64_t>(width))),
                              static_cast<std::uint64_t>(std::abs(static_cast<std::int64_t>(height))));
        }
        case Format::Webp:
            // The RIFF size counts every byte after the first 8.
            if (size < std::uintmax_t{littleEndian32(head, 4)} + 8) return "truncated";
            return std::nullopt;
        case Format::Tiff:
            return std::nullopt;
        case Format::Unknown:
            break;
    }
    return "not an image";
}

/// problemIn() for a file whose bytes are all in memory.
std::optional<std::string> problemInWhole(std::string_view bytes) {
    return problemIn(bytes.substr(0, kHeadBytes), bytes.substr(bytes.size() - std::min(bytes.size(), kTailBytes)),
                     bytes.size());
}

/// Width and height from a JPEG's start-of-frame header, or {0, 0} when none is found.
ImageSize jpegSize(std::string_view bytes) {
    std::size_t at = 2;  // after SOI
    while (at + 9 < bytes.size()) {
        if (static_cast<std::uint8_t>(bytes[at]) != 0xFF) return {0, 0};
        const auto marker = static_cast<std::uint8_t>(bytes[at + 1]);
        if (marker == 0xFF) {  // fill byte
            ++at;
            continue;
        }
        const std::size_t length = (static_cast<std::size_t>(static_cast<std::uint8_t>(bytes[at + 2])) << 8) |
                                   static_cast<std::uint8_t>(bytes[at + 3]);
        // SOF0..SOF15, except DHT (C4), JPG (C8) and DAC (CC), carry the frame size.
        if (marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC) {
            const int height =
                (static_cast<std::uint8_t>(bytes[at + 5]) << 8) | static_cast<std::uint8_t>(bytes[at + 6]);
            const int width =
                (static_cast<std::uint8_t>(bytes[at + 7]) << 8) | static_cast<std::uint8_t>(bytes[at + 8]);
            return {width, height};
        }
        if (marker == 0xD9 || marker == 0xDA || length < 2) return {0, 0};  // EOI or scan data: no frame header
        at += 2 + length;
    }
    return {0, 0};
}

/// The decode flag for a file: for a JPEG at least twice the target in both directions, libjpeg's
/// scaled decoding (1/2, 1/4 or 1/8), which skips most of the work and keeps at least the target
/// size, whichever way EXIF orientation turns the image. Otherwise a full-size decode.
int decodeFlagFor(std::string_view bytes, ImageSize target) {
    if (target.width == 0 || sniff(bytes.substr(0, kHeadBytes)) != Format::Jpeg) return cv::IMREAD_COLOR;
    const auto source = jpegSize(bytes);
    const int shortSide = std::min(source.width, source.height);
    const int longTarget = std::max(target.width, target.height);
    if (shortSide >= 8 * longTarget) return cv::IMREAD_REDUCED_COLOR_8;
    if (shortSide >= 4 * longTarget) return cv::IMREAD_REDUCED_COLOR_4;
    if (shortSide >= 2 * longTarget) return cv::IMREAD_REDUCED_COLOR_2;
    return cv::IMREAD_COLOR;
}

struct FileCloser {
    void operator()(std::FILE* file) const { std::fclose(file); }
};
using FileHandle = std::unique_ptr<std::FILE, FileCloser>;

/// Opens a regular file for reading, or returns the "unreadable: ..." reason.
FileHandle openForReading(const std::filesystem::path& file, std::string& problem) {
    std::error_code error;
    const auto status = std::filesystem::status(file, error);
    if (error) {
        problem = "unreadable: " + error.message();
        return nullptr;
    }
    if (std::filesystem::is_directory(status)) {
        problem = "unreadable: is a folder";
        return nullptr;
    }
    if (!std::filesystem::is_regular_file(status)) {
        // Never opened: reading a named pipe blocks until someone writes to it.
        const auto kind = std::filesystem::is_fifo(status)             ? "a named pipe (FIFO)"
                          : std::filesystem::is_socket(status)         ? "a socket"
                          : std::filesystem::is_block_file(status)     ? "a block device"
                          : std::filesystem::is_character_file(status) ? "a character device"
                                                                       : "not a file";
        problem = std::string("not a regular file: ") + kind + ", never read";
        return nullptr;
    }
    FileHandle handle(std::fopen(file.c_str(), "rb"));
    if (!handle) problem = std::string("unreadable: ") + std::strerror(errno);
    return handle;
}

std::string readAll(std::FILE* file, const std::filesystem::path& path) {
    std::string bytes;
    char buffer[1 << 16];
    std::size_t got = 0;
    while ((got = std::fread(buffer, 1, sizeof buffer, file)) > 0) bytes.append(buffer, got);
    if (std::ferror(file)) throw Error(path.string() + ": unreadable: " + std::strerror(errno));
    return bytes;
}

/// The bytes of a file inside a zip archive, or the reason they cannot be had.
std::optional<std::string> readArchived(const ArchivedPath& where, std::string& problem) {
    try {
        const auto archive = ZipArchive::shared(where.archive);
        const auto* entry = archive->find(where.inner);
        if (!entry) {
            problem = archive->hasFolder(where.inner) ? "unreadable: is a folder"
                                                      : "unreadable: not in " + where.archive.filename().string();
            return std::nullopt;
        }
        return archive->read(*entry);
    } catch (const Error& error) {
        problem = error.what();
        return std::nullopt;
    }
}

}  // namespace

std::optional<std::string> readArchivedFile(const std::filesystem::path& file) {
    const auto where = findArchivedPath(file);
    if (!where || where->inner.empty()) return std::nullopt;
    std::string problem;
    auto bytes = readArchived(*where, problem);
    if (!bytes) throw Error(file.string() + ": " + problem);
    return bytes;
}

ImageDecoder::ImageDecoder(ImageSize target) : target_(target) {
    const bool keep = target.width == 0 && target.height == 0;
    if (!keep && (target.width <= 0 || target.height <= 0)) {
        throw Error("image size must be positive (or 0x0 to keep each file's size), got " +
                    std::to_string(target.width) + "x" + std::to_string(target.height));
    }
}

std::optional<std::string> ImageDecoder::findProblem(const std::filesystem::path& file) {
    std::string problem;
    const auto handle = openForReading(file, problem);
    if (!handle) {
        const auto where = findArchivedPath(file);
        if (!where || where->inner.empty()) return problem;
        // Inside a zip archive: the whole entry is inflated (its CRC checked) to see its ends.
        const auto bytes = readArchived(*where, problem);
        if (!bytes) return problem;
        return problemInWhole(*bytes);
    }
    std::string head(kHeadBytes, '\0');
    head.resize(std::fread(head.data(), 1, head.size(), handle.get()));
    if (std::fseek(handle.get(), 0, SEEK_END) != 0) return std::string("unreadable: ") + std::strerror(errno);
    const long size = std::ftell(handle.get());
    if (size < 0) return std::string("unreadable: ") + std::strerror(errno);
    if (std::ferror(handle.get())) return std::string("unreadable: ") + std::strerror(errno);
    const long tailSize = std::min<long>(size, static_cast<long>(kTailBytes));
    std::string tail(static_cast<std::size_t>(tailSize), '\0');
    if (std::fseek(handle.get(), size - tailSize, SEEK_SET) != 0 ||
        std::fread(tail.data(), 1, tail.size(), handle.get()) != tail.size()) {
        return std::string("unreadable: ") + std::strerror(errno);
    }
    return problemIn(head, tail, static_cast<std::uintmax_t>(size));
}

RgbImage ImageDecoder::decode(const std::filesystem::path& file) const {
    std::string problem;
    std::string bytes;
    if (const auto handle = openForReading(file, problem)) {
        bytes = readAll(handle.get(), file);
    } else if (auto archived = readArchivedFile(file)) {
        bytes = std::move(*archived);
    } else {
        throw Error(file.string() + ": " + problem);
    }
    if (bytes.size() > static_cast<std::size_t>(std::numeric_limits<int>::max())) {
        throw Error(file.string() + ": too large to decode (over 2 GiB)");
    }
    const std::string_view view(bytes);
    if (auto found = problemInWhole(view)) {
        throw Error(file.string() + ": " + *found);
    }

    if (sniff(view.substr(0, kHeadBytes)) == Format::Jpeg) {
        const auto declared = jpegSize(view);
        if (auto found =
                overBudget(static_cast<std::uint64_t>(declared.width), static_cast<std::uint64_t>(declared.height))) {
            throw Error(file.string() + ": " + *found);
        }
    }

    // IMREAD_COLOR (and its reduced forms) applies EXIF orientation and yields 8-bit BGR for gray,
    // RGBA and 16-bit files.
    const cv::Mat encoded(1, static_cast<int>(bytes.size()), CV_8U, const_cast<char*>(bytes.data()));
    cv::Mat image;
    try {
        image = cv::imdecode(encoded, decodeFlagFor(view, target_));
    } catch (const cv::Exception& error) {
        // OpenCV's own checks (its pixel limit for the formats not checked above, bad headers):
        // a file that is skipped with its reason, not a run that ends.
        throw Error(file.string() + ": cannot be decoded (" + error.err + ")");
    }
    if (image.empty()) throw Error(file.string() + ": cannot be decoded (corrupt or unsupported image)");
    if (image.depth() == CV_16U) {
        image.convertTo(image, CV_8U, 1.0 / 257.0);
    } else if (image.depth() != CV_8U) {
        image.convertTo(image, CV_8U, 255.0);
    }

    const bool keepSize = target_.width == 0 && target_.height == 0;
    if (!keepSize && (image.cols != target_.width || image.rows != target_.height)) {
        const bool shrinking = target_.width <= image.cols && target_.height <= image.rows;
        cv::Mat resized;
        cv::resize(image, resized, cv::Size(target_.width, target_.height), 0, 0,
                   shrinking ? cv::INTER_AREA : cv::INTER_LINEAR);
        image = resized;
    }

    const int conversion = image.channels() == 1   ? cv::COLOR_GRAY2RGB
                           : image.channels() == 4 ? cv::COLOR_BGRA2RGB
                                                   : cv::COLOR_BGR2RGB;
    RgbImage result{image.cols, image.rows, {}};
    result.pixels.resize(static_cast<std::size_t>(image.cols) * image.rows * 3);
    cv::Mat rgb(image.rows, image.cols, CV_8UC3, result.pixels.data());
    cv::cvtColor(image, rgb, conversion);
    return result;
}

bool ImageDecoder::hasImageExtension(const std::filesystem::path& file) {
    std::string extension = file.extension().string();
    std::transform(extension.begin(), extension.end(), extension.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    for (const char* known : {".jpg", ".jpeg", ".png", ".bmp", ".tif", ".tiff", ".webp"}) {
        if (extension == known) return true;
    }
    return false;
}

}  // namespace tl
