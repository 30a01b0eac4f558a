#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "cli/CliRunner.h"
#include "core/data/DemoDataset.h"
#include "support/TempDir.h"
#include "support/TestImages.h"

namespace tl {
namespace {

using test::runCli;

int countLines(const std::string& text) {
    return static_cast<int>(std::count(text.begin(), text.end(), '\n'));
}

TEST(Cli, UnknownOptionIsOneLineNamingIt) {
    const auto result = runCli({"train", "x.json", "--epoch", "3"});
    EXPECT_EQ(result.exitCode, 2);
    EXPECT_EQ(countLines(result.err), 1) << result.err;
    EXPECT_NE(result.err.find("unknown option '--epoch'"), std::string::npos) << result.err;
    EXPECT_NE(result.err.find("did you mean --epochs?"), std::string::npos) << result.err;
}

TEST(Cli, UnknownCommandAndMissingArguments) {
    auto result = runCli({"trian"});
    EXPECT_EQ(result.exitCode, 2);
    EXPECT_NE(result.err.find("unknown command 'trian'"), std::string::npos);
    result = runCli({"dataset", "inspect"});
    EXPECT_EQ(result.exitCode, 2);
    EXPECT_NE(result.err.find("needs DIR"), std::string::npos) << result.err;
    result = runCli({"train", "x.json", "--epochs", "many"});
    EXPECT_EQ(result.exitCode, 2);
    EXPECT_NE(result.err.find("--epochs expects an integer, got 'many'"), std::string::npos) << result.err;
}

TEST(Cli, MissingFolderIsAClearError) {
    const auto result = runCli({"dataset", "inspect", "/no/such/folder"});
    EXPECT_EQ(result.exitCode, 1);
    EXPECT_EQ(countLines(result.err), 1) << result.err;
    EXPECT_NE(result.err.find("/no/such/folder"), std::string::npos) << result.err;
}

TEST(Cli, InvalidExperimentNamesTheField) {
    test::TempDir folder;
    test::writeBytes(folder / "bad.json", R"({"training": {"batch_size": "twenty"}})");
    const auto result = runCli({"train", (folder / "bad.json").string()});
    EXPECT_EQ(result.exitCode, 1);
    EXPECT_EQ(countLines(result.err), 1) << result.err;
    EXPECT_NE(result.err.find("training.batch_size: expected an integer"), std::string::npos) << result.err;
}

TEST(Cli, HelpListsCommandsAndOptions) {
    auto result = runCli({"--help"});
    EXPECT_EQ(result.exitCode, 0);
    for (const char* command :
         {"demo", "dataset inspect", "dataset split", "model summary", "extract", "train", "evaluate", "predict"}) {
        EXPECT_NE(result.out.find(command), std::string::npos) << command;
    }
    result = runCli({"train", "--help"});
    EXPECT_EQ(result.exitCode, 0);
    EXPECT_NE(result.out.find("--epochs"), std::string::npos);
}

TEST(Cli, DatasetInspectCountsAndReportsBadFiles) {
    test::TempDir folder;
    DemoDatasetOptions options;
    options.perClass = 5;
    options.size = 16;
    writeDemoDataset(folder / "data", options);
    test::writeBytes(folder / "data/cat/cat.zero.jpg", "");
    const auto result = runCli({"dataset", "inspect", (folder / "data").string(), "--json"});
    ASSERT_EQ(result.exitCode, 0) << result.err;
    const auto json = nlohmann::json::parse(result.out);
    EXPECT_EQ(json["classes"], (nlohmann::json{"cat", "dog"}));
    EXPECT_EQ(json["counts"]["all"]["cat"], 5);
    EXPECT_EQ(json["counts"]["all"]["dog"], 5);
    ASSERT_EQ(json["skipped"].size(), 1u);
    EXPECT_NE(json["skipped"][0]["path"].get<std::string>().find("cat.zero.jpg"), std::string::npos);
}

TEST(Cli, DatasetSplitWritesAFileAndFolders) {
    test::TempDir folder;
    DemoDatasetOptions options;
    options.perClass = 10;
    options.size = 16;
    options.layout = DatasetLayout::KaggleFlat;
    writeDemoDataset(folder / "kaggle", options);
    const auto result =
        runCli({"dataset", "split", (folder / "kaggle").string(), "--train", "4", "--validation", "3", "--test", "2",
                "--out", (folder / "split.json").string(), "--materialize", (folder / "small").string()});
    ASSERT_EQ(result.exitCode, 0) << result.err;
    EXPECT_TRUE(std::filesystem::exists(folder / "split.json"));
    std::size_t trainCats = 0;
    for ([[maybe_unused]] const auto& entry : std::filesystem::directory_iterator(folder / "small/train/cat"))
        ++trainCats;
    EXPECT_EQ(trainCats, 4u);
    const auto inspect = runCli({"dataset", "inspect", (folder / "small").string(), "--json"});
    ASSERT_EQ(inspect.exitCode, 0) << inspect.err;
    const auto json = nlohmann::json::parse(inspect.out);
    EXPECT_EQ(json["layout"], "split-folders");
    EXPECT_EQ(json["counts"]["validation"]["dog"], 3);
}

TEST(Cli, SeedsAreWhole64BitNumbers) {
    test::TempDir folder;
    DemoDatasetOptions options;
    options.perClass = 6;
    options.size = 16;
    writeDemoDataset(folder / "data", options);
    const auto split = [&](const std::string& seed) {
        return runCli({"dataset", "split", (folder / "data").string(), "--train", "2", "--validation", "1", "--test",
                       "1", "--seed", seed, "--out", (folder / "split.json").string(), "--json"});
    };
    auto result = split("18446744073709551615");
    ASSERT_EQ(result.exitCode, 0) << result.err;
    EXPECT_EQ(nlohmann::json::parse(result.lastLine())["seed"], 18446744073709551615ULL);
    for (const auto* bad : {"-5", "18446744073709551616", "12x"}) {
        result = split(bad);
        EXPECT_EQ(result.exitCode, 2) << bad;
        EXPECT_NE(result.err.find("expects a whole number from 0 to 18446744073709551615"), std::string::npos)
            << result.err;
    }
}

TEST(Cli, ModelSummaryOfVgg16) {
    auto result = runCli({"model", "summary", "--backbone", "vgg16", "--freeze-base"});
    ASSERT_EQ(result.exitCode, 0) << result.err;
    EXPECT_NE(result.out.find("block5_conv1"), std::string::npos);
    EXPECT_NE(result.out.find("Total params: 16,812,353"), std::string::npos) << result.out;
    EXPECT_NE(result.out.find("Trainable params: 2,097,665"), std::string::npos) << result.out;
    result = runCli({"model", "summary", "--backbone", "vgg16", "--base-only", "--json"});
    ASSERT_EQ(result.exitCode, 0) << result.err;
    const auto json = nlohmann::json::parse(result.out);
    EXPECT_EQ(json["total_parameters"], 14714688);
    EXPECT_EQ(json["layers"].back()["output_shape"], (nlohmann::json{512, 4, 4}));
    result = runCli({"model", "summary", "--backbone", "vgg16", "--trainable-from", "block6_conv1"});
    EXPECT_EQ(result.exitCode, 1);
    EXPECT_NE(result.err.find("block6_conv1"), std::string::npos) << result.err;
}

}  // namespace
}  // namespace tl
