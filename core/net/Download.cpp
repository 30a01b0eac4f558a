#include "core/net/Download.h"

#include <curl/curl.h>
#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cctype>
#include <chrono>
#include <cstdio>
#include <mutex>
#include <optional>

#include "core/util/Error.h"

namespace tl {
namespace {

using Clock = std::chrono::steady_clock;
constexpr auto kProgressInterval = std::chrono::milliseconds(100);

void initialiseCurl() {
    static std::once_flag once;
    std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

/// The .part file, open for reading and writing and locked against a second download.
class PartFile {
public:
    explicit PartFile(const std::filesystem::path& path) : path_(path) {
        fd_ = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
        if (fd_ < 0) throw Error("cannot write " + path.string());
        if (::flock(fd_, LOCK_EX | LOCK_NB) != 0) {
            ::close(fd_);
            throw Error("another download into " + path.string() + " is running; wait for it to finish");
        }
        size_ = static_cast<std::uint64_t>(::lseek(fd_, 0, SEEK_END));
    }
    ~PartFile() { ::close(fd_); }
    PartFile(const PartFile&) = delete;
    PartFile& operator=(const PartFile&) = delete;

    std::uint64_t size() const { return size_; }
    void restart() {
        if (::ftruncate(fd_, 0) != 0 || ::lseek(fd_, 0, SEEK_SET) != 0) throw Error("cannot write " + path_.string());
        size_ = 0;
    }
    bool append(const char* data, std::size_t count) {
        while (count > 0) {
            const auto written = ::write(fd_, data, count);
            if (written <= 0) return false;
            data += written;
            count -= static_cast<std::size_t>(written);
            size_ += static_cast<std::uint64_t>(written);
        }
        return true;
    }
    bool sync() { return ::fsync(fd_) == 0; }

private:
    std::filesystem::path path_;
    int fd_ = -1;
    std::uint64_t size_ = 0;
};

/// One HTTP exchange, shared with libcurl's callbacks.
struct Transfer {
    const DownloadRequest* request = nullptr;
    CURL* curl = nullptr;
    PartFile* part = nullptr;
    std::uint64_t offset = 0;                 ///< bytes of the .part asked to be skipped (Range)
    std::uint64_t received = 0;               ///< body bytes written by this exchange
    std::optional<std::uint64_t> rangeStart;  ///< first byte of a 206 answer (Content-Range)
    std::uint64_t total = 0;                  ///< size of the whole file, 0 if unknown
    bool bodyStarted = false;
    std::string failure;  ///< why a callback aborted the transfer
    Clock::time_point started = Clock::now();
    Clock::time_point lastReport{};

    DownloadProgress progress() const {
        DownloadProgress p;
        p.bytesDone = part->size();
        p.bytesTotal = total;
        const double seconds = std::chrono::duration<double>(Clock::now() - started).count();
        p.bytesPerSecond = seconds > 0 ? static_cast<double>(received) / seconds : 0.0;
        if (total >= p.bytesDone && p.bytesPerSecond > 0) {
            p.etaSeconds = static_cast<double>(total - p.bytesDone) / p.bytesPerSecond;
        }
        return p;
    }
};

/// "Content-Range: bytes 100-199/1000" -> start 100, total 1000 ("*" total: unknown).
void readContentRange(const std::string& line, Transfer& t) {
    constexpr std::string_view kName = "content-range:";
    if (line.size() < kName.size()) return;
    for (std::size_t i = 0; i < kName.size(); ++i) {
        if (std::tolower(static_cast<unsigned char>(line[i])) != kName[i]) return;
    }
    unsigned long long start = 0, end = 0, total = 0;
    if (std::sscanf(line.c_str() + kName.size(), " bytes %llu-%llu/%llu", &start, &end, &total) >= 2) {
        t.rangeStart = start;
        t.total = total;
    }
}

std::size_t onHeader(char* data, std::size_t size, std::size_t count, void* user) {
    auto& t = *static_cast<Transfer*>(user);
    const std::string line(data, size * count);
    if (line.starts_with("HTTP/")) {  // a new response (after a redirect, say): forget the last one's headers
        t.rangeStart.reset();
        t.total = 0;
    }
    readContentRange(line, t);
    return size * count;
}

/// At the first body byte: the answer's status tells whether the .part is continued (206 from
/// the offset asked) or replaced (200: a server that ignores Range sends the whole file).
bool startBody(Transfer& t) {
    long status = 0;
    curl_easy_getinfo(t.curl, CURLINFO_RESPONSE_CODE, &status);
    curl_off_t length = -1;
    curl_easy_getinfo(t.curl, CURLINFO_CONTENT_LENGTH_DOWNLOAD_T, &length);
    if (status == 206 && t.rangeStart && *t.rangeStart == t.offset) {
        if (t.total == 0 && length >= 0) t.total = t.offset + static_cast<std::uint64_t>(length);
        return true;
    }
    if (status == 206) {
        t.failure = "the server answered with another byte range than the one asked for";
        return false;
    }
    t.part->restart();
    t.offset = 0;
    t.total = length >= 0 ? static_cast<std::uint64_t>(length) : 0;
    return true;
}

std::size_t onBody(char* data, std::size_t size, std::size_t count, void* user) {
    auto& t = *static_cast<Transfer*>(user);
    if (!t.bodyStarted) {
        t.bodyStarted = true;
        try {
            if (!startBody(t)) return 0;
        } catch (const Error& error) {
            t.failure = error.what();
            return 0;
        }
    }
    if (!t.part->append(data, size * count)) {
        t.failure = "cannot write the downloaded bytes (is the disk full?)";
        return 0;
    }
    t.received += size * count;
    return size * count;
}

int onProgress(void* user, curl_off_t, curl_off_t, curl_off_t, curl_off_t) {
    auto& t = *static_cast<Transfer*>(user);
    if (t.request->stop != nullptr && t.request->stop->load()) return 1;
    const auto now = Clock::now();
    if (t.request->progress && t.bodyStarted && now - t.lastReport >= kProgressInterval) {
        t.lastReport = now;
        t.request->progress(t.progress());
    }
    return 0;
}

/// The parts of a message every failed attempt shares.
std::string keptPart(const Transfer& t, const std::filesystem::path& part) {
    if (t.part->size() == 0) return "";
    return "; the " + std::to_string(t.part->size()) + " bytes received are kept in " + part.string() +
           " and the next attempt resumes from there";
}

std::string failureMessage(const DownloadRequest& request, CURLcode code, const char* detail, const Transfer& t,
                           const std::filesystem::path& part) {
    const std::string head = "cannot download " + request.url + ": ";
    long status = 0;
    curl_easy_getinfo(t.curl, CURLINFO_RESPONSE_CODE, &status);
    if (code == CURLE_HTTP_RETURNED_ERROR) {
        const std::string what = status == 404 ? " (not found: is the URL right?)" : "";
        return head + "the server answered HTTP " + std::to_string(status) + what + keptPart(t, part);
    }
    std::string cause = !t.failure.empty() ? t.failure : (*detail != '\0' ? detail : curl_easy_strerror(code));
    if (code == CURLE_COULDNT_CONNECT || code == CURLE_COULDNT_RESOLVE_HOST || code == CURLE_COULDNT_RESOLVE_PROXY) {
        cause += " (offline? behind a proxy? libcurl reads https_proxy, http_proxy and no_proxy)";
    } else if (code == CURLE_PARTIAL_FILE || code == CURLE_RECV_ERROR || code == CURLE_OPERATION_TIMEDOUT ||
               code == CURLE_GOT_NOTHING) {
        cause = "the connection broke (" + cause + ")";
    }
    return head + cause + keptPart(t, part);
}

enum class Outcome { Received, AlreadyWhole, Stopped };

/// One request for the rest of the file. Throws tl::Error on failure (the .part is kept).
Outcome transferOnce(const DownloadRequest& request, PartFile& part, const std::filesystem::path& partPath,
                     std::uint64_t& resumedFrom) {
    CURL* curl = curl_easy_init();
    if (curl == nullptr) throw Error("cannot start a download (libcurl failed to initialise)");
    Transfer t;
    t.request = &request;
    t.curl = curl;
    t.part = &part;
    t.offset = part.size();
    char detail[CURL_ERROR_SIZE] = {};
    const auto range = std::to_string(t.offset) + "-";
    curl_easy_setopt(curl, CURLOPT_URL, request.url.c_str());
    curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(curl, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 1L);
    curl_easy_setopt(curl, CURLOPT_MAXREDIRS, 10L);
    curl_easy_setopt(curl, CURLOPT_FAILONERROR, 1L);
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);  // no SIGALRM: safe on any thread
    curl_easy_setopt(curl, CURLOPT_USERAGENT, "transferlab");
    curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT, 30L);
    curl_easy_setopt(curl, CURLOPT_LOW_SPEED_LIMIT, 1L);  // a stalled server: give up after a minute
    curl_easy_setopt(curl, CURLOPT_LOW_SPEED_TIME, 60L);
    curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, detail);
    if (t.offset > 0) curl_easy_setopt(curl, CURLOPT_RANGE, range.c_str());
    curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, onHeader);
    curl_easy_setopt(curl, CURLOPT_HEADERDATA, &t);
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, onBody);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &t);
    curl_easy_setopt(curl, CURLOPT_NOPROGRESS, 0L);
    curl_easy_setopt(curl, CURLOPT_XFERINFOFUNCTION, onProgress);
    curl_easy_setopt(curl, CURLOPT_XFERINFODATA, &t);
    const CURLcode code = curl_easy_perform(curl);
    long status = 0;
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
    const bool stopped = code == CURLE_ABORTED_BY_CALLBACK && t.failure.empty();
    const auto message =
        code == CURLE_OK || stopped ? std::string() : failureMessage(request, code, detail, t, partPath);
    curl_easy_cleanup(curl);
    resumedFrom = t.offset;
    if (!part.sync()) throw Error("cannot write " + partPath.string());
    if (code == CURLE_OK) {
        if (request.progress) request.progress(t.progress());
        return Outcome::Received;
    }
    if (stopped) return Outcome::Stopped;
    // 416: nothing lies past the .part's end; it may hold the whole file already.
    if (code == CURLE_HTTP_RETURNED_ERROR && status == 416 && t.offset > 0) return Outcome::AlreadyWhole;
    throw Error(message);
}

}  // namespace

std::filesystem::path partialPath(const std::filesystem::path& destination) {
    auto part = destination;
    part += ".part";
    return part;
}

DownloadResult download(const DownloadRequest& request) {
    initialiseCurl();
    const auto partPath = partialPath(request.destination);
    std::error_code ignored;
    if (request.destination.has_parent_path())
        std::filesystem::create_directories(request.destination.parent_path(), ignored);
    PartFile part(partPath);
    DownloadResult result;
    auto outcome = Outcome::Stopped;
    try {
        outcome = transferOnce(request, part, partPath, result.resumedFrom);
    } catch (const Error&) {
        if (part.size() == 0) std::filesystem::remove(partPath, ignored);  // nothing worth resuming
        throw;
    }
    result.bytes = part.size();
    if (outcome == Outcome::Stopped) return result;
    result.digest = fileDigest(partPath, request.digest.algorithm);
    if (outcome == Outcome::AlreadyWhole && !request.digest.matches(result.digest)) {
        part.restart();  // a .part that is neither a prefix nor the whole file: start again
        outcome = transferOnce(request, part, partPath, result.resumedFrom);
        result.bytes = part.size();
        if (outcome == Outcome::Stopped) return result;
        result.digest = fileDigest(partPath, request.digest.algorithm);
    }
    if (!request.digest.matches(result.digest)) {
        std::filesystem::remove(partPath, ignored);
        throw Error("downloaded " + request.url + ", but it is not the published file: its " +
                    std::string(toString(request.digest.algorithm)) + " is " + result.digest + ", expected " +
                    request.digest.hex + "; the download was deleted");
    }
    std::filesystem::rename(partPath, request.destination);
    result.completed = true;
    return result;
}

}  // namespace tl
