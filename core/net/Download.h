#pragma once
#include <atomic>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>

#include "core/weights/FileDigest.h"

namespace tl {

/// How far a download is.
struct DownloadProgress {
    std::uint64_t bytesDone = 0;   ///< bytes of the file received, a resumed part included
    std::uint64_t bytesTotal = 0;  ///< size of the whole file; 0 while the server has not said
    double bytesPerSecond = 0;     ///< average rate of this transfer (the resumed part not counted)
    double etaSeconds = -1;        ///< time left at that rate, in seconds; negative when unknown
};

/// Called on the downloading thread, about every 100 ms while bytes arrive, and once at the end.
using DownloadProgressCallback = std::function<void(const DownloadProgress&)>;

/// One file to fetch over HTTP or HTTPS.
struct DownloadRequest {
    std::string url;
    std::filesystem::path destination;  ///< the final file; its folder is created if missing
    ExpectedDigest digest;              ///< checked before the file is put in place; may be unpublished
    DownloadProgressCallback progress;  ///< optional
    /// Optional; another thread may set it: the transfer stops within about a second, and the
    /// bytes received stay in the .part file for the next attempt.
    const std::atomic<bool>* stop = nullptr;
};

struct DownloadResult {
    bool completed = false;         ///< false: stopped through the stop flag
    std::uint64_t bytes = 0;        ///< size of the file (completed) or of the .part (stopped)
    std::uint64_t resumedFrom = 0;  ///< bytes already in the .part that this attempt kept
    std::string digest;             ///< the file's full digest with the request's algorithm (completed)
};

/// Where download() keeps the bytes received so far: `destination` + ".part".
std::filesystem::path partialPath(const std::filesystem::path& destination);

/// Downloads `request.url` into `request.destination`:
/// - bytes go to partialPath(destination); an existing .part is resumed with an HTTP Range
///   request (a server that ignores Range and answers 200 makes it start again from zero);
/// - when complete, the file's digest is compared with `request.digest`; on a mismatch the .part
///   is deleted and tl::Error names the expected and the actual digest;
/// - then the .part is renamed onto the destination (atomic: readers see no half file).
/// HTTP errors (404, ...), refused connections, unknown hosts and a server that goes away
/// mid-transfer throw tl::Error naming the URL and the cause; the .part is kept for resuming.
/// Redirects are followed; only http and https URLs are accepted. The proxy comes from the
/// environment as libcurl reads it: http_proxy, https_proxy (or HTTPS_PROXY), all_proxy, and
/// no_proxy for hosts to reach directly. Two downloads into the same destination at once: the
/// second throws tl::Error. Blocking; any thread (each call uses its own connection).
DownloadResult download(const DownloadRequest& request);

}  // namespace tl
