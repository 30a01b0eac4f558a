#include "support/WeightsFixtures.h"

#include <array>
#include <cstdio>
#include <sstream>

namespace tl::test {
namespace {

/// Runs a shell command; its stdout, and whether it exited with 0.
std::pair<std::string, bool> capture(const std::string& command) {
    FILE* pipe = popen(command.c_str(), "r");
    if (pipe == nullptr) return {"", false};
    std::string output;
    std::array<char, 4096> buffer{};
    while (const auto count = std::fread(buffer.data(), 1, buffer.size(), pipe)) output.append(buffer.data(), count);
    return {output, pclose(pipe) == 0};
}

}  // namespace

WeightsFixtures::WeightsFixtures(const std::vector<std::string>& groups) {
    const std::string python = TRANSFERLAB_PYTHON;
    if (python.empty()) {
        skip_ = "no Python interpreter found at configure time";
        return;
    }
    const auto script = std::string(TRANSFERLAB_SOURCE_DIR) + "/tests/core/weights/make_weights_fixtures.py";
    std::string command = "'" + python + "' '" + script + "' '" + folder_.path().string() + "'";
    for (const auto& group : groups) command += " " + group;
    auto [output, succeeded] = capture(command);
    if (!succeeded) {
        if (!capture("'" + python + "' -c 'import torch, torchvision' 2>/dev/null").second) {
            skip_ = "python3-torch / python3-torchvision not installed";
        }
        return;
    }
    std::istringstream lines(output);
    for (std::string tag, name, hash; lines >> tag >> name >> hash;) {
        if (tag == "sha256") sha256_[name] = hash;
    }
    ok_ = true;
}

}  // namespace tl::test
