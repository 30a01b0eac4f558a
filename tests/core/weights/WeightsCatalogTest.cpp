// Offline resolution of weights "imagenet": canonical names, search order, and the message that
// tells the user where to get the file and where to put it.
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <optional>

#include "core/models/Model.h"
#include "core/util/Error.h"
#include "core/weights/WeightsCatalog.h"
#include "core/weights/WeightsFile.h"
#include "support/TempDir.h"

namespace tl {
namespace {

/// Sets an environment variable for one test and restores it afterwards.
class ScopedEnv {
public:
    ScopedEnv(const char* name, const std::string& value) : name_(name) {
        if (const char* old = std::getenv(name)) old_ = old;
        ::setenv(name, value.c_str(), 1);
    }
    ~ScopedEnv() { old_ ? ::setenv(name_, old_->c_str(), 1) : ::unsetenv(name_); }

private:
    const char* name_;
    std::optional<std::string> old_;
};

std::string errorOf(const std::function<void()>& action) {
    try {
        action();
    } catch (const Error& e) {
        return e.what();
    }
    return "";
}

TEST(WeightsCatalog, NamesTorchvisionFilesForEveryPretrainedBackbone) {
    EXPECT_EQ(imagenetFile("vgg16").fileName, "vgg16-397923af.pth");
    EXPECT_EQ(imagenetFile("vgg19").fileName, "vgg19-dcbb9e9d.pth");
    EXPECT_EQ(imagenetFile("resnet18").fileName, "resnet18-f37072fd.pth");
    EXPECT_EQ(imagenetFile("resnet50").fileName, "resnet50-0676ba61.pth");
    EXPECT_EQ(imagenetFile("mobilenet_v2").fileName, "mobilenet_v2-b0353104.pth");
    EXPECT_EQ(imagenetFile("squeezenet1_1").url, "https://download.pytorch.org/models/squeezenet1_1-b8a52dc0.pth");
    EXPECT_EQ(imagenetFile("resnet18").sha256Prefix, "f37072fd");
    EXPECT_EQ(imagenetFile("resnet18").preprocessing, Preprocessing::Torchvision);
    for (const auto* scratchOnly : {"small_convnet", "tiny"}) {
        EXPECT_NE(errorOf([&] { imagenetFile(scratchOnly); }).find("has no ImageNet weights"), std::string::npos);
    }
}

TEST(WeightsCatalog, LooksInTheAppCacheThenInTorchHub) {
    test::TempDir folder;
    ScopedEnv xdg("XDG_CACHE_HOME", (folder / "xdg").string());
    ScopedEnv torchHome("TORCH_HOME", (folder / "torch").string());
    const auto app = folder / "xdg" / "transferlab" / "weights";
    const auto hub = folder / "torch" / "hub" / "checkpoints";
    EXPECT_EQ(appWeightsFolder(), app);
    EXPECT_EQ(weightsSearchFolders(), (std::vector<std::filesystem::path>{app, hub}));

    const auto& entry = imagenetFile("resnet18");
    const auto missing = errorOf([&] { findPretrainedFile(entry); });
    EXPECT_NE(missing.find("https://download.pytorch.org/models/resnet18-f37072fd.pth"), std::string::npos) << missing;
    EXPECT_NE(missing.find("put it in " + app.string()), std::string::npos) << missing;

    std::filesystem::create_directories(hub);
    std::ofstream(hub / entry.fileName) << "x";
    EXPECT_EQ(findPretrainedFile(entry), hub / entry.fileName);
    std::filesystem::create_directories(app);
    std::ofstream(app / entry.fileName) << "x";
    EXPECT_EQ(findPretrainedFile(entry), app / entry.fileName);
}

TEST(WeightsCatalog, TorchHubDefaultsFollowTorch) {
    test::TempDir folder;
    ScopedEnv xdg("XDG_CACHE_HOME", (folder / "xdg").string());
    ScopedEnv torchHome("TORCH_HOME", "");
    EXPECT_EQ(weightsSearchFolders().back(), folder / "xdg" / "torch" / "hub" / "checkpoints");
}

TEST(WeightsCatalog, RefusesAFileWhoseHashDoesNotMatchItsName) {
    test::TempDir folder;
    ScopedEnv xdg("XDG_CACHE_HOME", folder.path().string());
    const auto app = appWeightsFolder();
    std::filesystem::create_directories(app);
    std::ofstream(app / "resnet18-f37072fd.pth") << "a partial download";
    Model model(ModelSpec{"resnet18", {64, 64}, {}});
    const auto message = errorOf([&] { loadImagenetWeights(model); });
    EXPECT_NE(message.find("is not the published file"), std::string::npos) << message;
    Model tiny(ModelSpec{"tiny", {32, 32}, {}});
    EXPECT_NE(errorOf([&] { loadImagenetWeights(tiny); }).find("has no ImageNet weights"), std::string::npos);
}

}  // namespace
}  // namespace tl
