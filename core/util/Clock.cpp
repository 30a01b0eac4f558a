#include "core/util/Clock.h"

#include <ctime>
#include <iomanip>
#include <sstream>

namespace tl {

std::string formatUtcNow(const char* format) {
    const auto now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
    std::tm utc{};
    gmtime_r(&now, &utc);
    std::ostringstream text;
    text << std::put_time(&utc, format);
    return text.str();
}

}  // namespace tl
