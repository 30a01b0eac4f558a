#include "core/inference/TorchScriptExport.h"

#include <torch/csrc/jit/frontend/tracer.h>
#include <torch/csrc/jit/passes/fixup_trace_scope_blocks.h>
#include <torch/script.h>
#include <torch/torch.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "core/data/Preprocessing.h"
#include "core/models/internal/Network.h"
#include "core/runs/TrainedRun.h"
#include "core/training/internal/BatchProvider.h"
#include "core/util/AtomicFile.h"
#include "core/util/Error.h"

namespace tl {
namespace {

/// preprocessInto()'s arithmetic as tensor operations on (N, 3, H, W) RGB 0..255, in the same
/// float32 order, so the traced module sees what training saw.
torch::Tensor preprocess(const torch::Tensor& rgb, Preprocessing preprocessing) {
    const auto channels = [](float a, float b, float c) { return torch::tensor({a, b, c}).view({1, 3, 1, 1}); };
    switch (preprocessing) {
        case Preprocessing::Torchvision:
            return (rgb / 255.0f - channels(0.485f, 0.456f, 0.406f)) / channels(0.229f, 0.224f, 0.225f);
        case Preprocessing::Caffe:
            return rgb.flip({1}) - channels(103.939f, 116.779f, 123.68f);
        case Preprocessing::Tf:
            return rgb / 127.5f - 1.0f;
        case Preprocessing::Unit:
            return rgb / 255.0f;
        case Preprocessing::Auto:
            break;
    }
    throw Error("the run's preprocessing is unresolved ('auto'): it cannot be exported");
}

/// A state_dict name as a TorchScript attribute name ("base.features.0.weight" has dots).
std::string attributeName(std::string name) {
    std::replace(name.begin(), name.end(), '.', '_');
    return name;
}

}  // namespace

TorchScriptExport exportTorchScript(const std::filesystem::path& runFolder, const std::filesystem::path& out,
                                    CheckpointChoice checkpoint) {
    auto run = TrainedRun::load(runFolder, checkpoint);
    auto& network = run.model.network();
    network.setTraining(false);
    const auto& experiment = run.experiment;
    const auto preprocessing = experiment.preprocessing;

    // The module's attributes are the network's own tensors: tracing with `self` records every
    // use of one as an attribute read, so the weights stay named parameters, not constants.
    torch::jit::Module module("TransferLabModel");
    for (auto& parameter : network.named_parameters(true)) {
        parameter.value().set_requires_grad(false);
        module.register_parameter(attributeName(parameter.key()), parameter.value(), false);
    }
    for (auto& buffer : network.named_buffers(true))
        module.register_buffer(attributeName(buffer.key()), buffer.value());

    const auto height = experiment.model.input.height;
    const auto width = experiment.model.input.width;
    torch::NoGradGuard noGrad;
    const auto example = torch::full({1, 3, height, width}, 128.0f);
    const auto forward = [&](torch::jit::Stack inputs) -> torch::jit::Stack {
        const auto images = inputs.at(0).toTensor();
        return {internal::probabilities(network.forward(preprocess(images, preprocessing)))};
    };
    auto traced = torch::jit::tracer::trace(
        {example}, forward, [](const torch::autograd::Variable&) { return std::string(); }, true, false, &module);
    auto graph = traced.first->graph;
    torch::jit::FixupTraceScopeBlocks(graph, &module);
    auto method = module._ivalue()->compilation_unit()->create_function(
        c10::QualifiedName(*module.type()->name(), "forward"), graph);
    module.type()->addMethod(method);

    TorchScriptExport result;
    result.file = out;
    result.checkpoint = run.checkpoint;
    result.classes = run.split.classes;
    result.height = static_cast<int>(height);
    result.width = static_cast<int>(width);
    result.preprocessing = std::string(toString(preprocessing));
    const nlohmann::json info{
        {"format", "transferlab-torchscript-1"},
        {"input", "float32 (N, 3, " + std::to_string(height) + ", " + std::to_string(width) + "), RGB, 0..255"},
        {"output", "class probabilities (N, " + std::to_string(result.classes.size()) + ")"},
        {"classes", result.classes},
        {"height", height},
        {"width", width},
        {"preprocessing", result.preprocessing},
        {"backbone", experiment.model.backbone},
        {"run", run.folder.path().filename().string()},
        {"checkpoint", run.checkpoint.filename().string()}};
    torch::jit::ExtraFilesMap extra{{kTorchScriptInfoFile, info.dump(2)}};
    writeFileAtomically(out, [&](const std::filesystem::path& temporary) {
        try {
            module.save(temporary.string(), extra);
        } catch (const c10::Error& error) {
            throw Error("cannot write " + out.string() + ": " + error.what_without_backtrace());
        }
    });
    return result;
}

}  // namespace tl
