#pragma once
#include <chrono>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <ostream>
#include <string>

namespace tl::cli {

/// Where a command writes. Three modes: a terminal gets a progress bar redrawn in place with an
/// ETA; a pipe or file gets plain lines (progress at most every 10%); --json gets one JSON
/// object per line (events, then the result) and nothing else on stdout.
class Console {
public:
    Console(std::ostream& out, std::ostream& err, bool terminal, bool json);

    bool json() const { return json_; }
    /// Writing to a terminal (progress bars redraw in place).
    bool terminal() const { return terminal_; }

    /// A line of text for people (skipped in JSON mode; goes to stderr there, to keep stdout parseable).
    void say(const std::string& text);
    /// A JSON event (JSON mode only).
    void event(const nlohmann::json& object);
    /// The command's result: pretty text for people, or the object in JSON mode.
    void result(const std::string& text, const nlohmann::json& object);

    /// Progress of `label`: done of total units, `detail` appended (e.g. "loss 0.512").
    void progress(const std::string& label, std::size_t done, std::size_t total, double elapsedSeconds,
                  const std::string& detail = {});
    /// Progress of a transfer of `total` bytes (0: unknown): sizes in kB/MB/GB, the rate in
    /// bytes per second and the ETA in seconds (negative: unknown) as the caller measured them.
    /// JSON mode: {"event": "transfer", "label", "bytes_done", "bytes_total", "bytes_per_second",
    /// "eta_seconds"}.
    void transferProgress(const std::string& label, std::uint64_t done, std::uint64_t total, double bytesPerSecond,
                          double etaSeconds);
    /// Ends a progress bar line on a terminal (so the next text starts on a fresh line).
    void finishProgress();

    /// "1:05", "12:03:09": for ETAs.
    static std::string formatDuration(double seconds);
    /// "950 B", "12.3 kB", "527.8 MB", "1.2 GB" (powers of 1000, as download tools show them).
    static std::string formatBytes(std::uint64_t bytes);

private:
    /// The bar on a terminal, else a plain line at the first update of a label and every 10%.
    void draw(const std::string& label, double fraction, const std::string& counts, const std::string& detail,
              const std::string& eta);

    std::ostream& out_;
    std::ostream& err_;
    bool terminal_;
    bool json_;
    bool barOpen_ = false;
    std::string lastLabel_;
    int lastDecile_ = -1;
};

}  // namespace tl::cli
