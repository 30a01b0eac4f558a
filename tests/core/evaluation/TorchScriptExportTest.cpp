// A run exported as TorchScript loads in Debian's Python PyTorch without Transfer Lab and gives
// the probabilities Transfer Lab's own prediction gives, for a batch of images as PIL reads them.
#include "core/inference/TorchScriptExport.h"

#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "core/data/ImageWriter.h"
#include "core/inference/Predictor.h"
#include "core/training/ExperimentRunner.h"
#include "support/PythonRunner.h"
#include "support/TestImages.h"
#include "support/TrainingFixture.h"

namespace tl {
namespace {

constexpr const char* kLoader = R"(
import json, sys
import numpy as np
import torch
from PIL import Image
extra = {"transferlab.json": ""}
model = torch.jit.load(sys.argv[1], _extra_files=extra)
info = json.loads(extra["transferlab.json"])
images = [np.asarray(Image.open(f).convert("RGB"), dtype=np.float32) for f in sys.argv[2:]]
batch = torch.from_numpy(np.stack(images)).permute(0, 3, 1, 2).contiguous()
with torch.no_grad():
    probabilities = model(batch)
print(json.dumps({"info": info, "probabilities": probabilities.tolist(),
                  "parameters": sum(p.numel() for p in model.parameters())}))
)";

/// Exports a run trained with `preprocessing` and a `pooling` head, then compares Python's
/// outputs for two images with the Predictor's.
void expectPythonAgrees(Preprocessing preprocessing, Pooling pooling) {
    if (!test::havePython()) GTEST_SKIP() << "Debian's python3 was not found at configure time";
    test::TinyExperiment tiny;
    tiny.experiment.preprocessing = preprocessing;
    tiny.experiment.model.head = {pooling, 16, 0.5, 2};
    tiny.experiment.training.epochs = 2;
    const auto run = runExperiment(tiny.experiment, {tiny.runsRoot()}).folder;

    const auto file = tiny.folder / "model.ts.pt";
    const auto exported = exportTorchScript(run, file);
    EXPECT_EQ(exported.classes, (std::vector<std::string>{"cat", "dog"}));
    EXPECT_EQ(exported.height, 32);
    EXPECT_EQ(exported.preprocessing, std::string(toString(preprocessing)));
    const std::vector<std::filesystem::path> images{tiny.folder / "a.png", tiny.folder / "b.png"};
    writeImage(images[0], test::gradientImage(32, 32, 3));
    writeImage(images[1], test::gradientImage(32, 32, 11));
    const auto script = tiny.folder / "load.py";
    std::ofstream(script) << kLoader;

    const auto output = test::runPython("'" + script.string() + "' '" + file.string() + "' '" + images[0].string() +
                                        "' '" + images[1].string() + "'");
    ASSERT_TRUE(output) << "python could not load the TorchScript file";
    const auto result = nlohmann::json::parse(*output);
    EXPECT_EQ(result["info"]["classes"], (nlohmann::json{"cat", "dog"}));
    EXPECT_EQ(result["info"]["preprocessing"], std::string(toString(preprocessing)));
    EXPECT_GT(result["parameters"].get<int>(), 0) << "the weights are the module's parameters";

    Predictor predictor(run);
    for (std::size_t i = 0; i < images.size(); ++i) {
        const auto prediction = predictor.predict(images[i]);
        ASSERT_TRUE(prediction.error.empty()) << prediction.error;
        const auto& python = result["probabilities"][i];
        ASSERT_EQ(python.size(), 2u);
        for (std::size_t c = 0; c < 2; ++c) {
            EXPECT_NEAR(python[c].get<double>(), prediction.probabilities[c], 1e-5) << "image " << i << " class " << c;
        }
    }
}

TEST(TorchScriptExport, PythonGetsTheSameProbabilitiesWithCaffePreprocessing) {
    expectPythonAgrees(Preprocessing::Caffe, Pooling::Flatten);
}

TEST(TorchScriptExport, PythonGetsTheSameProbabilitiesWithTorchvisionPreprocessing) {
    expectPythonAgrees(Preprocessing::Torchvision, Pooling::GlobalAverage);
}

TEST(TorchScriptExport, ARunWithoutACheckpointSaysSo) {
    test::TempDir folder;
    try {
        exportTorchScript(folder.path(), folder / "x.pt");
        FAIL() << "a folder that is not a run was exported";
    } catch (const std::exception& error) {
        EXPECT_NE(std::string(error.what()).find(folder.path().string()), std::string::npos) << error.what();
    }
    EXPECT_FALSE(std::filesystem::exists(folder / "x.pt"));
}

}  // namespace
}  // namespace tl
