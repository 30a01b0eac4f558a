#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdlib>
#include <fstream>

#include <nlohmann/json.hpp>

#include "cli/CliRunner.h"
#include "core/data/DemoDataset.h"
#include "core/runs/RunFolder.h"
#include "support/TempDir.h"

namespace tl {
namespace {

using test::runCli;

/// Every preset, pointed at a small generated set, trains to completion from the command line.
/// Sizes are cut down by flags (input, images, epochs) so the five runs take seconds.
class CliTrain : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        folder_ = new test::TempDir;
        DemoDatasetOptions options;
        options.perClass = 6;
        options.size = 48;
        writeDemoDataset(folder_->path() / "data", options);
    }
    static void TearDownTestSuite() { delete folder_; }

    static std::string preset(const std::string& name) {
        return (std::filesystem::path(TRANSFERLAB_SOURCE_DIR) / "resources/presets" / name).string();
    }

    /// Trains `presetName` with the common small-size flags plus `extra`; returns the result JSON.
    static nlohmann::json train(const std::string& presetName, std::vector<std::string> extra = {}) {
        std::vector<std::string> arguments{"train",
                                           preset(presetName),
                                           "--data",
                                           (folder_->path() / "data").string(),
                                           "--runs",
                                           (folder_->path() / "runs").string(),
                                           "--weights",
                                           "random",
                                           "--input",
                                           "48",
                                           "--epochs",
                                           "2",
                                           "--split-train",
                                           "3",
                                           "--split-validation",
                                           "2",
                                           "--split-test",
                                           "1",
                                           "--threads",
                                           "2",
                                           "--json"};
        arguments.insert(arguments.end(), extra.begin(), extra.end());
        const auto result = runCli(arguments);
        EXPECT_EQ(result.exitCode, 0) << result.err;
        // JSON mode: one object per line, the last one is the result
        return nlohmann::json::parse(result.lastLine());
    }

    static void expectCompleteRunFolder(const nlohmann::json& result) {
        ASSERT_EQ(result["status"], "completed") << result.dump();
        const auto folder = RunFolder::open(result["run_folder"].get<std::string>());
        EXPECT_EQ(folder.readSummary().status, tl::RunStatus::Completed);
        EXPECT_EQ(folder.readMetrics().size(), 2u);
        EXPECT_TRUE(std::filesystem::exists(folder.checkpointFile()));
        EXPECT_TRUE(std::filesystem::exists(folder.splitFile()));
        EXPECT_TRUE(std::filesystem::exists(folder.batchesFile()));
    }

    static test::TempDir* folder_;
};
test::TempDir* CliTrain::folder_ = nullptr;

TEST_F(CliTrain, Preset1FromScratch) {
    expectCompleteRunFolder(train("1-scratch.json"));
}

TEST_F(CliTrain, Preset2FromScratchWithAugmentation) {
    expectCompleteRunFolder(train("2-scratch-augmented.json", {"--steps", "2"}));
}

TEST_F(CliTrain, Preset3CachedFeatures) {
    const auto result = train("3-feature-extraction.json");
    expectCompleteRunFolder(result);
    EXPECT_TRUE(std::filesystem::exists(std::filesystem::path(result["run_folder"].get<std::string>()) /
                                        "features/train_features.npy"));
}

TEST_F(CliTrain, Presets4Then5FineTuning) {
    const auto first = train("4-feature-extraction-augmented.json", {"--steps", "2"});
    expectCompleteRunFolder(first);
    const auto second = train("5-fine-tuning.json", {"--steps", "2", "--from", first["run_folder"].get<std::string>()});
    expectCompleteRunFolder(second);

    // the source run's split is enough: no --data needed
    const auto again =
        runCli({"train", preset("5-fine-tuning.json"), "--from", first["run_folder"].get<std::string>(), "--runs",
                (folder_->path() / "runs").string(), "--epochs", "2", "--steps", "2", "--threads", "2", "--json"});
    ASSERT_EQ(again.exitCode, 0) << again.err;
    expectCompleteRunFolder(nlohmann::json::parse(again.lastLine()));

    // then evaluate and predict with the fine-tuned run
    const auto run = second["run_folder"].get<std::string>();
    auto result = runCli({"evaluate", run, "--split", "validation", "--json"});
    ASSERT_EQ(result.exitCode, 0) << result.err;
    const auto evaluation = nlohmann::json::parse(result.lastLine());
    EXPECT_EQ(evaluation["images"], 4);
    EXPECT_EQ(evaluation["confusion"].size(), 2u);
    const auto& confusion = evaluation["confusion"];
    EXPECT_EQ(evaluation["misclassified"].size(), confusion[0][1].get<int>() + confusion[1][0].get<int>());
    ASSERT_EQ(evaluation["report"]["per_class"].size(), 2u);
    EXPECT_EQ(evaluation["report"]["per_class"][0]["images"], 2);
    EXPECT_EQ(evaluation["report"]["macro"]["images"], 4);
    const auto auc = evaluation["roc"]["auc"].get<double>();
    EXPECT_GE(auc, 0.0);
    EXPECT_LE(auc, 1.0);
    EXPECT_EQ(evaluation["roc"]["points"].front()[0], 0.0);
    EXPECT_EQ(evaluation["roc"]["points"].back()[1], 1.0);
    const auto text = runCli({"evaluate", run});
    EXPECT_NE(text.out.find("macro mean"), std::string::npos) << text.out;
    EXPECT_NE(text.out.find("ROC AUC (dog as positive)"), std::string::npos) << text.out;
    // the best validation epoch by default, the last on request; each says which it used
    EXPECT_NE(evaluation["checkpoint"].get<std::string>().find("model-best.pt"), std::string::npos);
    EXPECT_NE(text.out.find("checkpoint model-best.pt (epoch "), std::string::npos) << text.out;
    const auto last = runCli({"evaluate", run, "--checkpoint", "last"});
    ASSERT_EQ(last.exitCode, 0) << last.err;
    EXPECT_NE(last.out.find("checkpoint model.pt (epoch 2, the last trained)"), std::string::npos) << last.out;
    const auto wrongChoice = runCli({"evaluate", run, "--checkpoint", "latest"});
    EXPECT_EQ(wrongChoice.exitCode, 2);
    EXPECT_NE(wrongChoice.err.find("expected best or last"), std::string::npos) << wrongChoice.err;

    result = runCli({"predict", (folder_->path() / "data/dog/dog.0.png").string(), "--run", run});
    ASSERT_EQ(result.exitCode, 0) << result.err;
    EXPECT_NE(result.out.find("dog.0.png: "), std::string::npos) << result.out;

    // Grad-CAM: one image to a file, several to a folder; an unknown layer names the known ones
    const auto cam = folder_->path() / "cam.png";
    result =
        runCli({"predict", (folder_->path() / "data/dog/dog.0.png").string(), "--run", run, "--cam", cam.string()});
    ASSERT_EQ(result.exitCode, 0) << result.err;
    EXPECT_TRUE(std::filesystem::is_regular_file(cam));
    EXPECT_NE(result.out.find("heatmap (block5_conv3"), std::string::npos) << result.out;
    const auto cams = folder_->path() / "cams";
    result = runCli({"predict", (folder_->path() / "data/dog/dog.0.png").string(),
                     (folder_->path() / "data/cat/cat.1.png").string(), "--run", run, "--cam", cams.string(),
                     "--cam-layer", "block4_conv1", "--json"});
    ASSERT_EQ(result.exitCode, 0) << result.err;
    EXPECT_TRUE(std::filesystem::is_regular_file(cams / "dog.0-cam.png"));
    EXPECT_TRUE(std::filesystem::is_regular_file(cams / "cat.1-cam.png"));
    EXPECT_EQ(nlohmann::json::parse(result.lastLine())["predictions"][1]["cam"]["layer"], "block4_conv1");
    result = runCli({"predict", (folder_->path() / "data/dog/dog.0.png").string(), "--run", run, "--cam", cam.string(),
                     "--cam-layer", "block9_conv9"});
    EXPECT_EQ(result.exitCode, 2);
    EXPECT_NE(result.err.find("block5_conv3"), std::string::npos) << result.err;
}

// runs list, show and compare read the runs database the train command's runs land in.
TEST_F(CliTrain, RunsListShowAndCompare) {
    const auto runs = (folder_->path() / "runs-listed").string();
    const auto first = train("1-scratch.json", {"--runs", runs, "--name", "plain"});
    const auto second = train("2-scratch-augmented.json", {"--runs", runs, "--name", "augmented", "--steps", "1"});
    ASSERT_EQ(runCli({"evaluate", first["run_folder"].get<std::string>()}).exitCode, 0);

    auto result = runCli({"runs", "list", "--runs", runs, "--json"});
    ASSERT_EQ(result.exitCode, 0) << result.err;
    const auto list = nlohmann::json::parse(result.lastLine());
    ASSERT_EQ(list["runs"].size(), 2u) << list.dump();
    EXPECT_TRUE(std::filesystem::exists(std::filesystem::path(runs) / "runs.sqlite"));
    // both may start in the same second: find them by name
    const bool augmentedFirst = list["runs"][0]["name"] == "augmented";
    const auto& plain = list["runs"][augmentedFirst ? 1 : 0];
    const auto& augmented = list["runs"][augmentedFirst ? 0 : 1];
    EXPECT_EQ(augmented["regime_label"], "scratch + augmentation");
    EXPECT_EQ(plain["regime_label"], "scratch");
    EXPECT_TRUE(augmented["test_accuracy"].is_null()) << "not evaluated";
    EXPECT_TRUE(plain["test_accuracy"].is_number()) << "evaluated on its test split";
    EXPECT_EQ(plain["epochs_completed"], 2);

    const auto text = runCli({"runs", "list", "--runs", runs});
    EXPECT_NE(text.out.find("scratch + augmentation"), std::string::npos) << text.out;
    EXPECT_NE(text.out.find("2 runs in"), std::string::npos) << text.out;

    // a part of the folder name names a run; the epochs come from metrics.csv
    result = runCli({"runs", "show", "plain", "--runs", runs, "--json"});
    ASSERT_EQ(result.exitCode, 0) << result.err;
    const auto shown = nlohmann::json::parse(result.lastLine());
    EXPECT_EQ(shown["folder"], first["run_folder"]);
    EXPECT_EQ(shown["epochs"].size(), 2u);
    EXPECT_EQ(runCli({"runs", "show", "nothing-like-it", "--runs", runs}).exitCode, 1);
    const auto day = std::filesystem::path(first["run_folder"].get<std::string>()).filename().string().substr(0, 8);
    const auto ambiguous = runCli({"runs", "show", day, "--runs", runs});
    EXPECT_EQ(ambiguous.exitCode, 1);
    EXPECT_NE(ambiguous.err.find("matches 2 runs"), std::string::npos) << ambiguous.err;

    result = runCli({"runs", "compare", "plain", second["run_folder"].get<std::string>(), "--runs", runs});
    ASSERT_EQ(result.exitCode, 0) << result.err;
    EXPECT_NE(result.out.find("#2 val. acc."), std::string::npos) << result.out;
    EXPECT_EQ(runCli({"runs", "compare", "plain", "--runs", runs}).exitCode, 2) << "one run is no comparison";
    EXPECT_EQ(runCli({"runs"}).exitCode, 2);

    // export: the model as TorchScript and the metrics as CSV (the round trip through Python is
    // TorchScriptExportTest's)
    const auto model = folder_->path() / "plain.ts.pt";
    const auto metrics = folder_->path() / "plain-metrics.csv";
    const auto report = folder_->path() / "plain.html";
    result = runCli({"export", first["run_folder"].get<std::string>(), "--torchscript", model.string(), "--metrics",
                     metrics.string(), "--report", report.string(), "--json"});
    ASSERT_EQ(result.exitCode, 0) << result.err;
    const auto exported = nlohmann::json::parse(result.lastLine());
    EXPECT_EQ(exported["torchscript"]["classes"], (nlohmann::json{"cat", "dog"}));
    EXPECT_GT(std::filesystem::file_size(model), 0u);
    EXPECT_EQ(std::filesystem::file_size(metrics),
              std::filesystem::file_size(RunFolder::open(first["run_folder"].get<std::string>()).metricsFile()));
    EXPECT_EQ(exported["report"]["evaluated"], true);
    std::ifstream page(report);
    const std::string html((std::istreambuf_iterator<char>(page)), std::istreambuf_iterator<char>());
    EXPECT_NE(html.find("<svg"), std::string::npos) << "the curves";
    EXPECT_NE(html.find("Evaluation on the test split"), std::string::npos);
    EXPECT_EQ(runCli({"export", first["run_folder"].get<std::string>()}).exitCode, 2) << "nothing to export";
}

// --resume takes the run's own experiment; the resuming itself is ResumeTest's.
TEST_F(CliTrain, ResumeRefusesACompleteRunAndExperimentFlags) {
    const auto run = train("1-scratch.json", {"--runs", (folder_->path() / "resume-runs").string()})["run_folder"]
                         .get<std::string>();
    auto result = runCli({"train", "--resume", run});
    EXPECT_EQ(result.exitCode, 1);
    EXPECT_NE(result.err.find("is complete (2 of 2 epochs)"), std::string::npos) << result.err;
    EXPECT_EQ(runCli({"train", "--resume", run, "--epochs", "5"}).exitCode, 2) << "flags would change the run";
    EXPECT_EQ(runCli({"train", preset("1-scratch.json"), "--resume", run}).exitCode, 2);
    EXPECT_EQ(runCli({"train"}).exitCode, 2);
}

TEST_F(CliTrain, FineTuneWithoutASourceRunSaysWhatToPass) {
    const auto result = runCli({"train", preset("5-fine-tuning.json"), "--data", (folder_->path() / "data").string()});
    EXPECT_EQ(result.exitCode, 1);
    EXPECT_NE(result.err.find("training.init_from_run"), std::string::npos) << result.err;
    EXPECT_NE(result.err.find("--from"), std::string::npos) << result.err;
}

TEST_F(CliTrain, ExtractWritesNpyFiles) {
    const auto out = folder_->path() / "features";
    const auto result =
        runCli({"extract", preset("3-feature-extraction.json"), "--data", (folder_->path() / "data").string(),
                "--weights", "random", "--input", "48", "--split-train", "3", "--split-validation", "2", "--split-test",
                "1", "--out", out.string()});
    ASSERT_EQ(result.exitCode, 0) << result.err;
    for (const char* file :
         {"train_features.npy", "train_labels.npy", "validation_features.npy", "test_labels.npy", "classes.txt"}) {
        EXPECT_TRUE(std::filesystem::exists(out / file)) << file;
    }
}

}  // namespace
}  // namespace tl

namespace tl {
namespace {

TEST(CliBench, ReportsEveryMeasurementAsJson) {
    test::TempDir folder;
    DemoDatasetOptions options;
    options.perClass = 4;
    options.size = 40;
    writeDemoDataset(folder.path() / "data", options);
    const auto result = test::runCli({"bench", (folder.path() / "data").string(), "--backbone", "tiny", "--input", "32",
                                      "--train-batches", "1", "--fine-tune-from", "block2_conv1", "--precision",
                                      "fp32,bf16", "--threads", "1", "--json"});
    ASSERT_EQ(result.exitCode, 0) << result.err;
    const auto report = nlohmann::json::parse(result.lastLine());
    EXPECT_EQ(report["images"], 8);
    for (const auto* precision : {"fp32", "bf16"}) {
        EXPECT_EQ(report["extract"][precision]["images"], 8) << report.dump();
        EXPECT_GT(report["extract"][precision]["images_per_s"].get<double>(), 0);
        EXPECT_GT(report["fe_aug"][precision]["seconds_per_batch"].get<double>(), 0);
        EXPECT_GT(report["fine_tune"][precision]["seconds_per_epoch_estimated"].get<double>(), 0);
    }
    // The default pool of 10, built over the 8 images (80 variants) for both recipes.
    for (const auto* mode : {"fe-aug", "fine-tune"}) {
        EXPECT_EQ(report["pool"][mode]["variants"], 10) << report.dump();
        EXPECT_GT(report["pool"][mode]["pool_images_per_s"].get<double>(), 0);
        EXPECT_GT(report["pool"][mode]["seconds_per_batch"].get<double>(), 0);
    }
    EXPECT_GT(report["fe_aug_recipe_minutes"]["pool"].get<double>(), 0);
    EXPECT_GT(report["fine_tune_recipe_minutes"]["pool"].get<double>(), 0);
    EXPECT_GT(report["peak_resident_mib"].get<double>(), 1.0);
}

TEST(CliBench, RefusesAPerClassCountTheDataCannotGive) {
    test::TempDir folder;
    DemoDatasetOptions options;
    options.perClass = 3;
    options.size = 40;
    writeDemoDataset(folder.path() / "data", options);
    const auto result = test::runCli({"bench", (folder.path() / "data").string(), "--per-class", "9"});
    EXPECT_EQ(result.exitCode, 2);
    EXPECT_NE(result.err.find("--per-class must be between 1 and 3"), std::string::npos) << result.err;
}

TEST_F(CliTrain, SigtermStopsLikeCtrlCKeepsWhatWasMeasuredAndExits130) {
    const auto runs = folder_->path() / "stopped-runs";
    // --preserve-status: timeout exits with the program's own status after sending SIGTERM.
    std::string command = "timeout --preserve-status -s TERM 8 '" + std::string(TRANSFERLAB_CLI) + "' train '" +
                          preset("1-scratch.json") + "' --data '" + (folder_->path() / "data").string() + "' --runs '" +
                          runs.string() +
                          "' --weights random --input 48 --epochs 100000 --split-train 3 --split-validation 2"
                          " --split-test 1 --batch-size 2 >/dev/null 2>&1";
    const int status = std::system(command.c_str());
    ASSERT_TRUE(WIFEXITED(status)) << "ended by the signal itself, not by the program";
    EXPECT_EQ(WEXITSTATUS(status), 130);
    ASSERT_TRUE(std::filesystem::exists(runs));
    const auto run = std::filesystem::directory_iterator(runs)->path();
    const auto summary = RunFolder::open(run).readSummary();
    EXPECT_EQ(summary.status, RunStatus::Stopped);
    EXPECT_GT(summary.batchesTrained, 0);
}

}  // namespace
}  // namespace tl
