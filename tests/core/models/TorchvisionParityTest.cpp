// Checks the C++ backbones against Debian's torchvision 0.14: the same state-dict names and
// shapes, and the same outputs for the same weights. Skipped where that Python is missing.
#include <gtest/gtest.h>

#include <array>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <map>
#include <optional>
#include <sstream>

#include "core/models/internal/Backbones.h"
#include "support/PythonRunner.h"
#include "support/TempDir.h"

namespace tl::internal {
namespace {

using test::runPython;

const std::vector<std::string> kTorchvisionBackbones{"vgg16",    "vgg19",        "resnet18",
                                                     "resnet50", "mobilenet_v2", "squeezenet1_1"};

using ShapeMap = std::map<std::string, std::vector<std::int64_t>>;

/// Runs tests/core/models/torchvision_reference.py with `arguments`. Sets `skip` (and returns
/// nullopt) when no Python with torch and torchvision is there to run it.
std::optional<std::string> runReference(const std::string& arguments, std::string& skip) {
    if (std::string(TRANSFERLAB_PYTHON).empty()) {
        skip = "no Python interpreter found at configure time";
        return std::nullopt;
    }
    const std::string script = std::string(TRANSFERLAB_SOURCE_DIR) + "/tests/core/models/torchvision_reference.py";
    auto output = runPython("'" + script + "' " + arguments);
    if (!output && !runPython("-c 'import torch, torchvision' 2>/dev/null")) {
        skip = "python3-torch / python3-torchvision not installed";
    }
    return output;
}

/// The weights torchvision_reference.py's reference_weights() gives the floating-point tensor
/// number `index` (keys sorted): a float64 Weyl sequence, identical on any CPU.
torch::Tensor referenceWeights(std::int64_t index, const std::string& key, torch::IntArrayRef shape) {
    const auto count = c10::multiply_integers(shape);
    const auto position =
        torch::arange(count, torch::kFloat64) * 0.6180339887498949 + 0.1 * static_cast<double>(index + 1);
    const auto unit = (position - position.floor()).to(torch::kFloat32).reshape(shape);
    const auto endsWith = [&](const std::string& suffix) {
        return key.size() >= suffix.size() && key.compare(key.size() - suffix.size(), suffix.size(), suffix) == 0;
    };
    if (endsWith("running_var")) return unit + 0.5;
    if (shape.size() == 4) return (unit - 0.5) * std::sqrt(24.0 / static_cast<double>(count / shape[0]));
    if (endsWith("weight")) return unit * 0.5 + 0.75;
    return (unit - 0.5) * 0.2;
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

std::map<std::string, ShapeMap> parseShapes(const std::string& listing) {
    std::map<std::string, ShapeMap> shapes;
    std::istringstream lines(listing);
    std::string backbone, key, dims;
    while (lines >> backbone >> key) {
        std::vector<std::int64_t> shape;
        // A scalar (num_batches_tracked) prints an empty dimension list, i.e. nothing before '\n'.
        std::getline(lines, dims);
        std::istringstream dimStream(dims);
        for (std::string dim; std::getline(dimStream >> std::ws, dim, ',');) shape.push_back(std::stoll(dim));
        shapes[backbone][key] = shape;
    }
    return shapes;
}

std::map<std::string, torch::Tensor> loadFixture(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    const std::vector<char> bytes{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    std::map<std::string, torch::Tensor> tensors;
    for (const auto& entry : torch::pickle_load(bytes).toGenericDict()) {
        tensors[entry.key().toStringRef()] = entry.value().toTensor();
    }
    return tensors;
}

/// Loads the reference weights into `backbone` and runs its stages in eval mode on `input`.
torch::Tensor runWithReferenceWeights(Backbone& backbone, const torch::Tensor& input) {
    std::map<std::string, torch::Tensor> floating;
    for (auto& item : backbone.module->named_parameters()) floating[item.key()] = item.value();
    for (auto& item : backbone.module->named_buffers()) {
        if (item.value().is_floating_point()) floating[item.key()] = item.value();
    }
    torch::NoGradGuard noGrad;
    std::int64_t index = 0;
    for (auto& [key, tensor] : floating) tensor.copy_(referenceWeights(index++, key, tensor.sizes()));
    backbone.module->eval();
    auto x = input;
    for (const auto& stage : backbone.stages) x = stage.forward(x);
    return x;
}

// One test, so that Python and torchvision start once: names and shapes of every base's
// parameters and buffers, then the outputs of each base for the same weights and input.
TEST(TorchvisionParity, BasesMatchTorchvision) {
    test::TempDir folder;
    const auto file = folder / "reference.pt";
    std::string skip;
    const auto output = runReference("'" + file.string() + "'", skip);
    if (!skip.empty()) GTEST_SKIP() << skip;
    ASSERT_TRUE(output) << "torchvision_reference.py failed";

    auto expectedShapes = parseShapes(*output);
    std::map<std::string, Backbone> backbones;
    for (const auto& name : kTorchvisionBackbones) {
        SCOPED_TRACE(name);
        ASSERT_TRUE(expectedShapes.contains(name));
        backbones[name] = makeBackbone(name);
        const auto actual = cppShapes(backbones[name]);
        EXPECT_EQ(actual.size(), expectedShapes[name].size());
        EXPECT_TRUE(actual == expectedShapes[name]) << describeDifference(expectedShapes[name], actual);
    }

    const auto tensors = loadFixture(file);
    for (const auto& name : {"vgg16", "resnet18", "resnet50", "mobilenet_v2", "squeezenet1_1"}) {
        SCOPED_TRACE(name);
        const auto actual = runWithReferenceWeights(backbones[name], tensors.at(std::string(name) + "/input"));
        const auto expected = tensors.at(std::string(name) + "/output");
        ASSERT_EQ(actual.sizes(), expected.sizes());
        const double scale = expected.abs().max().item<double>();
        const double error = (actual - expected).abs().max().item<double>();
        EXPECT_LE(error, 1e-4 * std::max(scale, 1.0)) << "max |output| " << scale;
    }
}

}  // namespace
}  // namespace tl::internal
