#pragma once
#include <chrono>
#include <string>

namespace tl {

/// Wall time since construction (or the last restart), in seconds. Monotonic.
class Stopwatch {
public:
    double seconds() const { return std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count(); }
    void restart() { start_ = std::chrono::steady_clock::now(); }

private:
    std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
};

/// The current UTC time formatted with std::put_time's `format` (e.g. "%Y-%m-%dT%H:%M:%SZ").
std::string formatUtcNow(const char* format);

}  // namespace tl
