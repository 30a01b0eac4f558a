// Keras weights that do not fit: damaged files, another architecture (strict refusal listing every
// problem with both shapes), non-strict partial loads, backbones without a Keras counterpart.
#include <gtest/gtest.h>

#include "KerasFixtures.h"
#include "core/models/internal/Network.h"
#include "core/util/Error.h"
#include "core/weights/WeightsFile.h"

namespace tl {
namespace {

torch::Tensor baseTensor(Model& model, const std::string& name) {
    for (const auto& item : model.network().baseModule()->named_parameters()) {
        if (item.key() == name) return item.value().detach().clone();
    }
    ADD_FAILURE() << "no tensor " << name;
    return {};
}

/// The message of the tl::Error `load` throws ("" and a failure when it throws none).
template <typename Load>
std::string errorOf(Load load) {
    try {
        load();
    } catch (const Error& e) {
        return e.what();
    }
    ADD_FAILURE() << "no tl::Error";
    return "";
}

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

TEST(KerasRefusal, DamagedFilesGiveClearErrorsAndNoHdf5Noise) {
    const auto& fixtures = test::KerasFixtures::get("damaged");
    TL_REQUIRE_KERAS_FIXTURES(fixtures);
    Model model(ModelSpec{"mobilenet_v1_025", {32, 32}, {}});
    const auto before = baseTensor(model, "conv_pw_13.weight");
    EXPECT_NO_THROW(loadWeights(model, fixtures / "good.h5"));
    Model fresh(ModelSpec{"mobilenet_v1_025", {32, 32}, {}});

    testing::internal::CaptureStderr();
    const auto truncated = errorOf([&] { loadWeights(fresh, fixtures / "truncated.h5"); });
    const auto garbage = errorOf([&] { loadWeights(fresh, fixtures / "garbage.h5"); });
    const auto notKeras = errorOf([&] { loadWeights(fresh, fixtures / "not_keras.h5"); });
    std::string flipped;
    try {
        loadWeights(fresh, fixtures / "flipped.h5", false);
    } catch (const Error& e) {
        flipped = e.what();
    }
    const auto noise = testing::internal::GetCapturedStderr();

    EXPECT_TRUE(contains(truncated, "truncated.h5") && contains(truncated, "damaged or truncated")) << truncated;
    EXPECT_TRUE(contains(garbage, "garbage.h5") && contains(garbage, "cannot be opened as an HDF5 file")) << garbage;
    EXPECT_TRUE(contains(notKeras, "not Keras 2 weights (no layer_names")) << notKeras;
    EXPECT_TRUE(flipped.empty() || contains(flipped, "flipped.h5")) << flipped;  // an error, or garbage values
    EXPECT_EQ(noise, "");
    EXPECT_FALSE(torch::equal(before, baseTensor(model, "conv_pw_13.weight")));  // good.h5 did load
}

// Links out of the file would name anything on the machine; here a named pipe, which would block
// the reader forever. Both are refused by name, without opening the pipe.
TEST(KerasRefusal, LinksAndStorageInOtherFilesAreNeverFollowed) {
    const auto& fixtures = test::KerasFixtures::get("damaged");
    TL_REQUIRE_KERAS_FIXTURES(fixtures);
    Model model(ModelSpec{"mobilenet_v1_025", {32, 32}, {}});
    const auto link = errorOf([&] { loadWeights(model, fixtures / "external_link.h5"); });
    EXPECT_TRUE(contains(link, "external_link.h5") &&
                contains(link, "is a link to another file, which is never followed"))
        << link;
    const auto storage = errorOf([&] { loadWeights(model, fixtures / "external_storage.h5"); });
    EXPECT_TRUE(contains(storage, "keeps its values in another file, which is never read")) << storage;
}

// HDF5 1.10's reader of variable-length strings overruns memory on a damaged file (found by
// fuzzing); Keras writes fixed-length names, so such a file is refused by name.
TEST(KerasRefusal, VariableLengthNamesAreRefusedByName) {
    const auto& fixtures = test::KerasFixtures::get("damaged");
    TL_REQUIRE_KERAS_FIXTURES(fixtures);
    Model model(ModelSpec{"mobilenet_v1_025", {32, 32}, {}});
    const auto message = errorOf([&] { loadWeights(model, fixtures / "variable_length_names.h5"); });
    EXPECT_TRUE(contains(message, "variable_length_names.h5") && contains(message, "layer_names") &&
                contains(message, "variable-length strings, which Keras never writes"))
        << message;
}

TEST(KerasRefusal, StrictRefusesAnotherArchitectureListingNamesAndBothShapes) {
    const auto& fixtures = test::KerasFixtures::get("mobilenet");
    TL_REQUIRE_KERAS_FIXTURES(fixtures);
    Model narrow(ModelSpec{"mobilenet_v1_050", {32, 32}, {}});
    const auto before = baseTensor(narrow, "conv_dw_1.weight");
    const auto message = errorOf([&] { loadWeights(narrow, fixtures / "mobilenet_1_0.h5"); });
    EXPECT_TRUE(contains(message, "does not fit the mobilenet_v1_050 base; nothing was loaded")) << message;
    EXPECT_TRUE(contains(message, "conv1/kernel:0 (model [3, 3, 3, 16], file [3, 3, 3, 32])")) << message;
    EXPECT_TRUE(contains(message, "conv_dw_1/depthwise_kernel:0 (model [3, 3, 16, 1], file [3, 3, 32, 1])")) << message;
    EXPECT_TRUE(contains(message, "conv_pw_13_bn/moving_variance:0 (model [512], file [1024])")) << message;
    EXPECT_TRUE(contains(message, "No tensor fits")) << message;
    EXPECT_TRUE(torch::equal(before, baseTensor(narrow, "conv_dw_1.weight")));

    // A MobileNet file on a VGG16: every layer missing, every file weight unexpected.
    const auto& small = test::KerasFixtures::get("damaged");
    TL_REQUIRE_KERAS_FIXTURES(small);
    Model vgg16(ModelSpec{"vgg16", {32, 32}, {}});
    const auto other = errorOf([&] { loadWeights(vgg16, small / "good.h5"); });
    EXPECT_TRUE(contains(other, "26 missing from the file: block1_conv1/kernel [3, 3, 3, 64]")) << other;
    EXPECT_TRUE(contains(other, "not in the model: conv1/kernel:0 [3, 3, 3, 8]")) << other;
}

TEST(KerasRefusal, NonStrictLoadsWhatFitsAndReportsTheRest) {
    const auto& fixtures = test::KerasFixtures::get("vgg16");
    TL_REQUIRE_KERAS_FIXTURES(fixtures);
    Model vgg16(ModelSpec{"vgg16", {32, 32}, {}});
    loadWeights(vgg16, fixtures / "vgg16.h5");
    Model vgg19(ModelSpec{"vgg19", {32, 32}, {}});
    const auto untouched = baseTensor(vgg19, "features.16.weight");  // block3_conv4, absent from VGG16

    const auto strict = errorOf([&] { loadWeights(vgg19, fixtures / "vgg16.h5"); });
    EXPECT_TRUE(contains(strict, "6 missing from the file: block3_conv4/kernel [3, 3, 256, 256]")) << strict;
    EXPECT_TRUE(contains(strict, "Load non-strict to take the 26 tensors that fit")) << strict;

    const auto report = loadWeights(vgg19, fixtures / "vgg16.h5", false);
    EXPECT_EQ(report.loaded, 26u);  // all of VGG16's 13 convs exist in VGG19 under the same names
    EXPECT_EQ(report.missing,
              (std::vector<std::string>{"block3_conv4/kernel", "block3_conv4/bias", "block4_conv4/kernel",
                                        "block4_conv4/bias", "block5_conv4/kernel", "block5_conv4/bias"}));
    EXPECT_TRUE(report.unexpected.empty() && report.mismatched.empty());
    EXPECT_TRUE(torch::equal(baseTensor(vgg19, "features.16.weight"), untouched));
    EXPECT_TRUE(torch::equal(baseTensor(vgg19, "features.0.weight"), baseTensor(vgg16, "features.0.weight")));
    // block4_conv1 is features.19 in VGG19 and features.17 in VGG16: matched by Keras name.
    EXPECT_TRUE(torch::equal(baseTensor(vgg19, "features.19.weight"), baseTensor(vgg16, "features.17.weight")));
}

TEST(KerasRefusal, BackboneWithoutKerasCounterpartIsRefused) {
    const auto& fixtures = test::KerasFixtures::get("damaged");
    TL_REQUIRE_KERAS_FIXTURES(fixtures);
    Model resnet18(ModelSpec{"resnet18", {32, 32}, {}});
    const auto message = errorOf([&] { loadWeights(resnet18, fixtures / "good.h5"); });
    EXPECT_TRUE(contains(message, "backbone 'resnet18' has no Keras counterpart")) << message;
}

}  // namespace
}  // namespace tl
