#include "core/training/DistributedSpec.h"

#include <cerrno>
#include <cstdlib>

#include "core/util/Error.h"

namespace tl {
namespace {

/// The whole of `text` as an integer in [low, high], or an error naming `variable`.
int parseBounded(const char* variable, const std::string& text, long low, long high) {
    char* end = nullptr;
    errno = 0;
    const long value = std::strtol(text.c_str(), &end, 10);
    if (text.empty() || end == nullptr || *end != '\0' || errno != 0 || value < low || value > high) {
        throw Error(std::string(variable) + "=" + text + " is not a whole number from " + std::to_string(low) + " to " +
                    std::to_string(high));
    }
    return static_cast<int>(value);
}

std::optional<std::string> variable(const char* name) {
    const char* value = std::getenv(name);
    if (value == nullptr) return std::nullopt;
    return std::string(value);
}

}  // namespace

std::optional<DistributedSpec> distributedSpecFromEnvironment() {
    const auto world = variable("WORLD_SIZE");
    if (!world) return std::nullopt;
    constexpr long kMostProcesses = 4096;
    DistributedSpec spec;
    spec.worldSize = parseBounded("WORLD_SIZE", *world, 1, kMostProcesses);
    spec.rank = parseBounded("RANK", variable("RANK").value_or("0"), 0, spec.worldSize - 1);
    if (auto address = variable("MASTER_ADDR"); address && !address->empty()) spec.masterAddress = *address;
    if (auto port = variable("MASTER_PORT")) spec.masterPort = parseBounded("MASTER_PORT", *port, 1, 65535);
    if (auto timeout = variable("TRANSFERLAB_DIST_TIMEOUT")) {
        spec.timeoutSeconds = parseBounded("TRANSFERLAB_DIST_TIMEOUT", *timeout, 1, 7 * 24 * 3600);
    }
    return spec;
}

void validateDistributedSpec(const DistributedSpec& spec) {
    if (spec.worldSize < 1) throw Error("the number of processes must be at least 1");
    if (spec.rank < 0 || spec.rank >= spec.worldSize) {
        throw Error("rank " + std::to_string(spec.rank) + " is outside 0-" + std::to_string(spec.worldSize - 1));
    }
    if (spec.masterPort < 1 || spec.masterPort > 65535) {
        throw Error("master port " + std::to_string(spec.masterPort) + " is outside 1-65535");
    }
    if (spec.masterAddress.empty()) throw Error("the master address is empty");
    if (spec.timeoutSeconds < 1) throw Error("the distributed timeout must be at least 1 second");
}

}  // namespace tl
