// Checks the C++ backbones against Debian's torchvision 0.14: the same state-dict names and
// shapes, and the same outputs for the same weights. Skipped where that Python is missing.
#include <gtest/gtest.h>

#include <array>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <map>
#include <optional>
#include <sstream>

#include "core/models/internal/Backbones.h"
#include "support/TempDir.h"

namespace tl::internal {
namespace {

const std::vector<std::string> kTorchvisionBackbones{"vgg16",    "vgg19",        "resnet18",
                                                     "resnet50", "mobilenet_v2", "squeezenet1_1"};

using ShapeMap = std::map<std::string, std::vector<std::int64_t>>;

/// Runs `arguments` with Debian's Python; stdout, or nullopt if the command fails.
std::optional<std::string> runPython(const std::string& arguments) {
    const auto command = std::string("'") + TRANSFERLAB_PYTHON + "' " + arguments + " 2>&1";
    FILE* pipe = popen(command.c_str(), "r");
    if (pipe == nullptr) return std::nullopt;
    std::string output;
    std::array<char, 4096> buffer{};
    while (const auto count = std::fread(buffer.data(), 1, buffer.size(), pipe)) output.append(buffer.data(), count);
    if (pclose(pipe) != 0) return std::nullopt;
    return output;
}

std::string script() { return std::string("'") + TRANSFERLAB_SOURCE_DIR + "/tests/core/models/torchvision_reference.py'"; }

/// Empty when the reference can run; otherwise why the test is skipped.
std::string whyNoReference() {
    if (std::string(TRANSFERLAB_PYTHON).empty()) return "no Python interpreter found at configure time";
    if (!runPython("-c 'import torch, torchvision'")) return "python3-torch / python3-torchvision not installed";
    return {};
}

ShapeMap cppShapes(const Backbone& backbone) {
    ShapeMap shapes;
    for (const auto& item : backbone.module->named_parameters()) shapes[item.key()] = item.value().sizes().vec();
    for (const auto& item : backbone.module->named_buffers()) shapes[item.key()] = item.value().sizes().vec();
    return shapes;
}

std::string describeDifference(const ShapeMap& expected, const ShapeMap& actual) {
    std::ostringstream out;
    for (const auto& [key, shape] : expected) {
        const auto found = actual.find(key);
        if (found == actual.end()) {
            out << "  missing in C++: " << key << '\n';
        } else if (found->second != shape) {
            out << "  shape differs: " << key << " torchvision " << c10::IntArrayRef(shape) << " C++ "
                << c10::IntArrayRef(found->second) << '\n';
        }
    }
    for (const auto& [key, shape] : actual) {
        if (!expected.contains(key)) out << "  not in torchvision: " << key << '\n';
    }
    return out.str();
}

TEST(TorchvisionParity, BaseStateDictNamesAndShapesMatch) {
    if (const auto why = whyNoReference(); !why.empty()) GTEST_SKIP() << why;
    const auto output = runPython(script() + " names");
    ASSERT_TRUE(output) << "torchvision_reference.py names failed";

    std::map<std::string, ShapeMap> expected;
    std::istringstream lines(*output);
    std::string backbone, key, dims;
    while (lines >> backbone >> key) {
        std::vector<std::int64_t> shape;
        // A scalar (num_batches_tracked) prints an empty dimension list, i.e. nothing before '\n'.
        std::getline(lines, dims);
        std::istringstream dimStream(dims);
        for (std::string dim; std::getline(dimStream >> std::ws, dim, ',');) shape.push_back(std::stoll(dim));
        expected[backbone][key] = shape;
    }
    for (const auto& name : kTorchvisionBackbones) {
        SCOPED_TRACE(name);
        ASSERT_TRUE(expected.contains(name));
        const auto actual = cppShapes(makeBackbone(name));
        EXPECT_EQ(actual.size(), expected[name].size());
        EXPECT_TRUE(actual == expected[name]) << describeDifference(expected[name], actual);
    }
}

TEST(TorchvisionParity, BaseOutputsMatchForTheSameWeights) {
    if (const auto why = whyNoReference(); !why.empty()) GTEST_SKIP() << why;
    test::TempDir folder;
    const auto file = folder / "reference.pt";
    ASSERT_TRUE(runPython(script() + " forward '" + file.string() + "'")) << "torchvision_reference.py forward failed";

    std::ifstream in(file, std::ios::binary);
    const std::vector<char> bytes{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    const auto fixture = torch::pickle_load(bytes).toGenericDict();
    std::map<std::string, torch::Tensor> tensors;
    for (const auto& entry : fixture) tensors[entry.key().toStringRef()] = entry.value().toTensor();

    for (const auto& name : {"vgg16", "resnet18", "resnet50", "mobilenet_v2", "squeezenet1_1"}) {
        SCOPED_TRACE(name);
        auto backbone = makeBackbone(name);
        {
            torch::NoGradGuard noGrad;
            auto assign = [&](const std::string& key, torch::Tensor& target) {
                const auto found = tensors.find(std::string(name) + "/" + key);
                ASSERT_NE(found, tensors.end()) << key;
                target.copy_(found->second);
            };
            for (auto& item : backbone.module->named_parameters()) assign(item.key(), item.value());
            for (auto& item : backbone.module->named_buffers()) assign(item.key(), item.value());
        }
        backbone.module->eval();
        torch::NoGradGuard noGrad;
        auto x = tensors.at(std::string(name) + "/:input");
        for (const auto& stage : backbone.stages) x = stage.forward(x);
        const auto expected = tensors.at(std::string(name) + "/:output");
        ASSERT_EQ(x.sizes(), expected.sizes());
        const double scale = expected.abs().max().item<double>();
        const double error = (x - expected).abs().max().item<double>();
        EXPECT_LE(error, 1e-4 * std::max(scale, 1.0)) << "max |output| " << scale;
    }
}

}  // namespace
}  // namespace tl::internal
