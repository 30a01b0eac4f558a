#include "cli/Console.h"

#include <cmath>
#include <cstdio>
#include <sstream>

namespace tl::cli {

Console::Console(std::ostream& out, std::ostream& err, bool terminal, bool json)
    : out_(out), err_(err), terminal_(terminal && !json), json_(json) {}

void Console::say(const std::string& text) {
    finishProgress();
    (json_ ? err_ : out_) << text << std::endl;
}

void Console::event(const nlohmann::json& object) {
    if (json_) out_ << object.dump() << std::endl;
}

void Console::result(const std::string& text, const nlohmann::json& object) {
    finishProgress();
    if (json_)
        out_ << object.dump() << std::endl;
    else
        out_ << text << std::flush;
}

std::string Console::formatDuration(double seconds) {
    const auto total = static_cast<long>(std::lround(std::max(0.0, seconds)));
    char text[32];
    if (total >= 3600)
        std::snprintf(text, sizeof text, "%ld:%02ld:%02ld", total / 3600, total / 60 % 60, total % 60);
    else
        std::snprintf(text, sizeof text, "%ld:%02ld", total / 60, total % 60);
    return text;
}

void Console::progress(const std::string& label, std::size_t done, std::size_t total, double elapsedSeconds,
                       const std::string& detail) {
    const double fraction = total == 0 ? 1.0 : std::min(1.0, static_cast<double>(done) / static_cast<double>(total));
    const double eta =
        done == 0 ? 0.0
                  : elapsedSeconds / static_cast<double>(done) * static_cast<double>(total - std::min(done, total));
    if (json_) {
        event({{"event", "progress"},
               {"label", label},
               {"done", done},
               {"total", total},
               {"elapsed_seconds", elapsedSeconds},
               {"eta_seconds", eta}});
        return;
    }
    draw(label, fraction, std::to_string(done) + '/' + std::to_string(total), detail, formatDuration(eta));
}

void Console::transferProgress(const std::string& label, std::uint64_t done, std::uint64_t total, double bytesPerSecond,
                               double etaSeconds) {
    if (json_) {
        event({{"event", "transfer"},
               {"label", label},
               {"bytes_done", done},
               {"bytes_total", total},
               {"bytes_per_second", bytesPerSecond},
               {"eta_seconds", etaSeconds}});
        return;
    }
    const double fraction = total == 0 ? 0.0 : std::min(1.0, static_cast<double>(done) / static_cast<double>(total));
    const auto counts = formatBytes(done) + " of " + (total == 0 ? std::string("?") : formatBytes(total));
    const auto rate = formatBytes(static_cast<std::uint64_t>(std::max(0.0, bytesPerSecond))) + "/s";
    draw(label, fraction, counts, rate, etaSeconds < 0 ? std::string("?") : formatDuration(etaSeconds));
}

void Console::draw(const std::string& label, double fraction, const std::string& counts, const std::string& detail,
                   const std::string& eta) {
    if (terminal_) {
        constexpr int kWidth = 24;
        const int filled = static_cast<int>(fraction * kWidth);
        std::ostringstream line;
        line << '\r' << label << " [" << std::string(filled, '#') << std::string(kWidth - filled, '.') << "] "
             << counts;
        if (!detail.empty()) line << "  " << detail;
        line << "  ETA " << eta << "\x1b[K";  // erase what a longer previous line left
        out_ << line.str() << std::flush;
        barOpen_ = true;
        return;
    }
    // plain output: the first update of a label, then every 10%
    const int decile = static_cast<int>(fraction * 10);
    if (label == lastLabel_ && decile == lastDecile_) return;
    lastLabel_ = label;
    lastDecile_ = decile;
    out_ << label << ": " << counts << (detail.empty() ? "" : "  " + detail) << "  ETA " << eta << std::endl;
}

std::string Console::formatBytes(std::uint64_t bytes) {
    if (bytes < 1000) return std::to_string(bytes) + " B";
    const char* units[] = {"kB", "MB", "GB", "TB"};
    double value = static_cast<double>(bytes) / 1000.0;
    int unit = 0;
    for (; value >= 1000.0 && unit < 3; ++unit) value /= 1000.0;
    char text[32];
    std::snprintf(text, sizeof text, "%.1f %s", value, units[unit]);
    return text;
}

void Console::finishProgress() {
    if (barOpen_) out_ << std::endl;
    barOpen_ = false;
}

}  // namespace tl::cli
