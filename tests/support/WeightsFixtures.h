#pragma once
// Weights files written for a test by Debian's python3-torch / python3-torchvision.
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "support/TempDir.h"

namespace tl::test {

/// Runs make_weights_fixtures.py for `groups` (see the script) into a fresh folder. Each test
/// asks only for what it needs, since every test runs in its own process. When Debian's Python
/// with torch and torchvision is missing, skipReason() says so and the test should GTEST_SKIP.
class WeightsFixtures {
public:
    explicit WeightsFixtures(const std::vector<std::string>& groups);

    /// Empty when the fixtures were written; else why they could not be.
    const std::string& skipReason() const { return skip_; }
    /// False when Python ran but failed (a broken script, not a missing interpreter).
    bool ok() const { return ok_; }
    std::filesystem::path operator/(const std::string& name) const { return folder_ / name; }
    const std::filesystem::path& folder() const { return folder_.path(); }
    /// SHA-256 of each .pth file written, as Python's hashlib computed it.
    const std::map<std::string, std::string>& sha256() const { return sha256_; }

private:
    TempDir folder_;
    std::string skip_;
    bool ok_ = false;
    std::map<std::string, std::string> sha256_;
};

}  // namespace tl::test

#define TL_REQUIRE_FIXTURES(fixtures)                                              \
    if (!(fixtures).skipReason().empty()) GTEST_SKIP() << (fixtures).skipReason(); \
    ASSERT_TRUE((fixtures).ok()) << "make_weights_fixtures.py failed"
