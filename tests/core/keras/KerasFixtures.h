#pragma once
// Keras-layout weights files and reference outputs written for a test by make_keras_fixtures.py.
#include <torch/torch.h>

#include <filesystem>
#include <memory>
#include <string>

#include "support/TempDir.h"
#include "support/TorchReference.h"

namespace tl::test {

/// The files of one group of make_keras_fixtures.py (see the script), written once per test
/// process into a temporary folder. When Debian's Python with h5py and torch is missing,
/// skipReason() says so and the test should GTEST_SKIP.
class KerasFixtures {
public:
    /// The group's files, written on first use (later calls in the same process reuse them).
    static const KerasFixtures& get(const std::string& group);

    explicit KerasFixtures(const std::string& group);

    const std::string& skipReason() const { return skip_; }
    bool ok() const { return ok_; }
    std::filesystem::path operator/(const std::string& name) const { return folder_ / name; }

private:
    TempDir folder_;
    std::string skip_;
    bool ok_ = false;
};

}  // namespace tl::test

#define TL_REQUIRE_KERAS_FIXTURES(fixtures)                                        \
    if (!(fixtures).skipReason().empty()) GTEST_SKIP() << (fixtures).skipReason(); \
    ASSERT_TRUE((fixtures).ok()) << "make_keras_fixtures.py failed"
