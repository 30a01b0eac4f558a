// transferlab-cli lesson pretrain end to end, on a tiny source set: the weights it writes load
// into mini_vgg. (The lesson's five steps are checked in tests/core/lesson.)
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "cli/CliRunner.h"
#include "core/models/Model.h"
#include "core/weights/WeightsFile.h"
#include "support/TempDir.h"

namespace tl {
namespace {

using test::runCli;

TEST(CliLesson, PretrainNeedsAnOutputFile) {
    const auto result = runCli({"lesson", "pretrain"});
    EXPECT_EQ(result.exitCode, 2);
    EXPECT_NE(result.err.find("--out FILE is required"), std::string::npos) << result.err;
}

TEST(CliLesson, PretrainWritesWeightsThatLoadIntoMiniVgg) {
    test::TempDir folder;
    const auto weights = folder / "mini.pth";
    const auto result = runCli({"lesson", "pretrain", "--out", weights.string(), "--dir", (folder / "work").string(),
                                "--per-class", "22", "--epochs", "1", "--json"});
    ASSERT_EQ(result.exitCode, 0) << result.err;
    const auto summary = nlohmann::json::parse(result.lastLine());
    EXPECT_EQ(summary["status"], "completed");
    EXPECT_EQ(summary["output"], weights.string());

    Model model(ModelSpec{"mini_vgg", {48, 48}, {}});
    const auto report = loadWeights(model, weights);
    EXPECT_EQ(report.loaded, 16u);
    EXPECT_EQ(report.ignoredTop.size(), 4u);  // the 60-class classifier: dense and dense_1
}

}  // namespace
}  // namespace tl
