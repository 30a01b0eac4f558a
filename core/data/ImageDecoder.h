#pragma once
#include <filesystem>
#include <optional>
#include <string>

#include "core/data/RgbImage.h"

namespace tl {

/// Decodes image files with OpenCV into 8-bit RGB at a fixed size.
/// EXIF orientation is applied; grayscale, RGBA (alpha dropped) and 16-bit images become 8-bit RGB.
/// Stateless and safe to use from several threads at once.
class ImageDecoder {
public:
    /// `target` of {0, 0} keeps the file's own size; otherwise the image is resized to it
    /// (bilinear; area interpolation when shrinking). A JPEG at least twice the target in both
    /// directions is decoded at 1/2, 1/4 or 1/8 of its size first (libjpeg's scaled decoding, several
    /// times faster), never below the target.
    explicit ImageDecoder(ImageSize target = {0, 0});

    /// The largest image decoded, in pixels (50 megapixels: a 7000x7000 scan; a camera photo is
    /// 12-24). A file whose header declares more is refused before any pixel is decoded: a PNG of
    /// 30000x30000 would otherwise take 2.7 GB for one file (a decompression bomb).
    static constexpr std::uint64_t kMaxPixels = 50'000'000;

    /// Throws tl::Error whose message is "<file>: <reason>" (unreadable, not a regular file, zero
    /// bytes, not an image, truncated, over kMaxPixels, ...). Only regular files are opened: a
    /// named pipe with an image's name would block the reader forever. `file` may run through a
    /// zip archive (readArchivedFile).
    RgbImage decode(const std::filesystem::path& file) const;

    /// A cheap check that reads only a file's first and last bytes: the reason the file cannot be
    /// used ("zero bytes", "unreadable: ...", "not a regular file: ...", "not an image",
    /// "truncated", "declares WxH pixels, ..." for PNG and BMP), or nothing if it looks fine.
    static std::optional<std::string> findProblem(const std::filesystem::path& file);

    /// True for the extensions a dataset scan picks up (.jpg .jpeg .png .bmp .tif .tiff .webp),
    /// case-insensitive.
    static bool hasImageExtension(const std::filesystem::path& file);

    ImageSize target() const { return target_; }

private:
    ImageSize target_;
};

/// The bytes of `file` when its path runs through a zip archive (`train.zip/train/cat.0.jpg`,
/// see ZipArchive), inflated and CRC-checked; nothing for any other path. Throws tl::Error
/// "<file>: <reason>" when the archive or the entry cannot be read.
std::optional<std::string> readArchivedFile(const std::filesystem::path& file);

}  // namespace tl
