// The ImageNet catalogue (torchvision and Keras files, digests, preprocessing) and its offline
// resolution: search order, preference among candidates, and the message that tells the user
// where to get a missing file and where to put it.
#include <gtest/gtest.h>

#include "core/models/Model.h"
#include "core/util/Error.h"
#include "core/weights/WeightsCatalog.h"
#include "core/weights/WeightsFile.h"
#include "core/weights/WeightsLookup.h"
#include "support/ErrorText.h"
#include "support/ScopedEnv.h"
#include "support/TempHome.h"

namespace tl {
namespace {

using test::contains;
using test::errorOf;
using test::ScopedEnv;
using test::TempHome;
namespace fs = std::filesystem;

TEST(WeightsCatalog, NamesTorchvisionFilesForEveryPretrainedBackbone) {
    EXPECT_EQ(imagenetFiles("vgg16").front().fileName, "vgg16-397923af.pth");
    EXPECT_EQ(imagenetFiles("vgg19").front().fileName, "vgg19-dcbb9e9d.pth");
    EXPECT_EQ(imagenetFiles("resnet18").front().fileName, "resnet18-f37072fd.pth");
    EXPECT_EQ(imagenetFiles("resnet50").front().fileName, "resnet50-0676ba61.pth");
    EXPECT_EQ(imagenetFiles("mobilenet_v2").front().fileName, "mobilenet_v2-b0353104.pth");
    EXPECT_EQ(imagenetFiles("inception_v3").front().fileName, "inception_v3_google-0cc3c7bd.pth");
    EXPECT_EQ(imagenetFiles("squeezenet1_1").front().url,
              "https://download.pytorch.org/models/squeezenet1_1-b8a52dc0.pth");
    const auto resnet18 = imagenetFiles("resnet18");
    ASSERT_EQ(resnet18.size(), 1u);
    EXPECT_EQ(resnet18[0].digest.algorithm, HashAlgorithm::Sha256);
    EXPECT_EQ(resnet18[0].digest.hex, "f37072fd");
    EXPECT_TRUE(resnet18[0].includeTop);
    EXPECT_EQ(resnet18[0].preprocessing, Preprocessing::Torchvision);
    for (const auto* scratchOnly : {"small_convnet", "tiny"}) {
        EXPECT_TRUE(contains(errorOf([&] { imagenetFiles(scratchOnly); }), "has no ImageNet weights"));
    }
}

TEST(WeightsCatalog, KerasFilesWithAndWithoutTopAndTheirMd5) {
    const auto vgg16 = imagenetFiles("vgg16");
    ASSERT_EQ(vgg16.size(), 3u);
    EXPECT_EQ(vgg16[1].source, "keras");
    EXPECT_TRUE(vgg16[1].includeTop);
    EXPECT_EQ(vgg16[2].fileName, "vgg16_weights_tf_dim_ordering_tf_kernels_notop.h5");
    EXPECT_EQ(vgg16[2].url,
              "https://storage.googleapis.com/tensorflow/keras-applications/vgg16/"
              "vgg16_weights_tf_dim_ordering_tf_kernels_notop.h5");
    EXPECT_EQ(vgg16[2].digest.algorithm, HashAlgorithm::Md5);
    EXPECT_EQ(vgg16[2].digest.hex, "6d6bbae143d832006294945121d1f1fc");
    EXPECT_FALSE(vgg16[2].includeTop);
    EXPECT_EQ(vgg16[2].preprocessing, Preprocessing::Caffe);
    EXPECT_EQ(imagenetFiles("resnet50_keras").back().digest.hex, "4d473c1dd8becc155b73f8504c6f6626");
    EXPECT_EQ(imagenetFiles("resnet50_keras").back().preprocessing, Preprocessing::Caffe);
    EXPECT_EQ(imagenetFiles("xception").front().digest.hex, "0a58e3b7378bc2990ea3b43d5981f1f6");
    EXPECT_EQ(imagenetFiles("xception").front().preprocessing, Preprocessing::Tf);
    EXPECT_EQ(imagenetFiles("inception_v3").back().preprocessing, Preprocessing::Tf);
    EXPECT_EQ(imagenetFiles("inception_v3").front().preprocessing, Preprocessing::Tf);  // core has no transform_input
    const auto mobilenet = imagenetFiles("mobilenet_v1_025");
    ASSERT_EQ(mobilenet.size(), 2u);
    EXPECT_EQ(mobilenet[1].fileName, "mobilenet_2_5_224_tf_no_top.h5");
    EXPECT_FALSE(mobilenet[1].digest.published());  // keras.applications publishes none
    EXPECT_EQ(mobilenet[1].preprocessing, Preprocessing::Tf);
    EXPECT_EQ(catalogEntryNamed("mobilenet_1_0_224_tf.h5")->backbone, "mobilenet_v1");
    EXPECT_EQ(catalogEntryNamed("unknown.h5"), nullptr);
}

TEST(WeightsCatalog, CandidatesFollowTheTopAndTheSource) {
    auto names = [](const std::vector<PretrainedFile>& files) {
        std::vector<std::string> out;
        for (const auto& file : files) out.push_back(file.fileName);
        return out;
    };
    EXPECT_EQ(names(imagenetCandidates("vgg19", false)),
              (std::vector<std::string>{"vgg19-dcbb9e9d.pth", "vgg19_weights_tf_dim_ordering_tf_kernels_notop.h5"}));
    EXPECT_EQ(names(imagenetCandidates("vgg19", true)),
              (std::vector<std::string>{"vgg19-dcbb9e9d.pth", "vgg19_weights_tf_dim_ordering_tf_kernels.h5"}));
    EXPECT_EQ(names(imagenetCandidates("vgg19", false, "keras")),
              (std::vector<std::string>{"vgg19_weights_tf_dim_ordering_tf_kernels_notop.h5"}));
    EXPECT_TRUE(contains(errorOf([] { imagenetCandidates("xception", false, "torchvision"); }), "has keras weights"));
    EXPECT_TRUE(contains(errorOf([] { imagenetCandidates("vgg16", false, "caffe"); }), "unknown weights source"));
}

TEST(WeightsLookup, LooksInTheAppCacheThenTorchHubThenKeras) {
    TempHome home;
    EXPECT_EQ(appWeightsFolder(), home.app);
    EXPECT_EQ(weightsSearchFolders(), (std::vector<fs::path>{home.app, home.hub, home.keras}));

    const auto entry = imagenetFiles("resnet18").front();
    const auto missing = errorOf([&] { findPretrainedFile(entry); });
    EXPECT_TRUE(contains(missing, "https://download.pytorch.org/models/resnet18-f37072fd.pth")) << missing;
    EXPECT_TRUE(contains(missing, "put it in " + home.app.string())) << missing;

    EXPECT_EQ(findPretrainedFile(entry), TempHome::put(home.keras, entry.fileName));
    EXPECT_EQ(findPretrainedFile(entry), TempHome::put(home.hub, entry.fileName));
    EXPECT_EQ(findPretrainedFile(entry), TempHome::put(home.app, entry.fileName));
}

TEST(WeightsLookup, DefaultsFollowTorchAndKeras) {
    TempHome home;
    ScopedEnv noTorchHome("TORCH_HOME", "");
    ScopedEnv noKerasHome("KERAS_HOME", "");
    EXPECT_EQ(weightsSearchFolders()[1], home.folder / "xdg" / "torch" / "hub" / "checkpoints");
    EXPECT_EQ(weightsSearchFolders()[2], home.folder / ".keras" / "models");
}

TEST(WeightsLookup, PrefersAPresentFileAndTorchvisionWhenBothArePresent) {
    TempHome home;
    const auto missing = errorOf([] { findImagenetWeights("vgg16"); });
    EXPECT_TRUE(contains(missing, "https://download.pytorch.org/models/vgg16-397923af.pth")) << missing;
    EXPECT_TRUE(contains(missing,
                         "https://storage.googleapis.com/tensorflow/keras-applications/vgg16/"
                         "vgg16_weights_tf_dim_ordering_tf_kernels_notop.h5"))
        << missing;
    EXPECT_TRUE(contains(missing, "put it in " + home.app.string())) << missing;
    EXPECT_TRUE(contains(missing, home.keras.string())) << missing;

    const auto keras = TempHome::put(home.keras, "vgg16_weights_tf_dim_ordering_tf_kernels_notop.h5");
    auto found = findImagenetWeights("vgg16");
    EXPECT_EQ(found.file, keras);
    EXPECT_EQ(found.entry.source, "keras");
    EXPECT_THROW(findImagenetWeights("vgg16", true), WeightsNotFound);  // the top file is another one

    const auto torch = TempHome::put(home.hub, "vgg16-397923af.pth");
    found = findImagenetWeights("vgg16");
    EXPECT_EQ(found.file, torch);
    EXPECT_EQ(found.entry.source, "torchvision");
    EXPECT_EQ(findImagenetWeights("vgg16", false, "keras").file, keras);
}

TEST(WeightsLookup, ChecksPublishedDigests) {
    test::TempDir folder;
    const auto file = TempHome::put(folder.path(), "weights.h5", "abc");
    PretrainedFile entry{"vgg16",
                         "keras",
                         "weights.h5",
                         "http://x/weights.h5",
                         {HashAlgorithm::Md5, "900150983cd24fb0d6963f7d28e17f72"},
                         false,
                         Preprocessing::Caffe};
    EXPECT_EQ(checkPublishedDigest(entry, file).verdict, DigestCheck::Verdict::Matches);
    EXPECT_EQ(requirePublishedDigest(entry, file), "900150983cd24fb0d6963f7d28e17f72");
    entry.digest = {HashAlgorithm::Sha256, "ba7816bf"};
    EXPECT_EQ(checkPublishedDigest(entry, file).verdict, DigestCheck::Verdict::Matches);
    entry.digest = {HashAlgorithm::Sha256, "00000000"};
    EXPECT_EQ(checkPublishedDigest(entry, file).verdict, DigestCheck::Verdict::Differs);
    const auto message = errorOf([&] { requirePublishedDigest(entry, file); });
    EXPECT_TRUE(contains(message, "is not the published file")) << message;
    EXPECT_TRUE(contains(message, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")) << message;
    entry.digest = {HashAlgorithm::Md5, ""};
    EXPECT_EQ(checkPublishedDigest(entry, file).verdict, DigestCheck::Verdict::NotPublished);
}

TEST(WeightsLookup, LoadingRefusesAFileWhoseDigestIsNotThePublishedOne) {
    TempHome home;
    TempHome::put(home.app, "resnet18-f37072fd.pth", "a partial download");
    Model model(ModelSpec{"resnet18", {64, 64}, {}});
    auto message = errorOf([&] { loadImagenetWeights(model); });
    EXPECT_TRUE(contains(message, "is not the published file")) << message;
    Model tiny(ModelSpec{"tiny", {32, 32}, {}});
    EXPECT_TRUE(contains(errorOf([&] { loadImagenetWeights(tiny); }), "has no ImageNet weights"));

    // a Keras file is checked against its MD5 before anything reads it
    TempHome::put(home.keras, "vgg16_weights_tf_dim_ordering_tf_kernels_notop.h5", "truncated");
    Model vgg(ModelSpec{"vgg16", {32, 32}, {}});
    message = errorOf([&] { loadImagenetWeights(vgg); });
    EXPECT_TRUE(contains(message, "its md5 is")) << message;
    EXPECT_TRUE(contains(message, "6d6bbae143d832006294945121d1f1fc")) << message;
}

}  // namespace
}  // namespace tl
