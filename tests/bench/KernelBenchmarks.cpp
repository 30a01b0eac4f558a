// Google Benchmark of the hot kernels behind the lesson's regimes, each at the recipe's size
// (150x150 RGB; batches of 20 and 32): decoding a photo, augmenting it, turning it into the
// network's input, and one training step of the parts that train in presets 1-2 (the small
// convnet) and 5 (VGG16's block 5 and the head on block4_pool's activations), in fp32 and bf16.
//   build/tests/bench/transferlab_kernel_bench [--benchmark_filter=Step]
// Timings vary with the machine's load: compare runs made one after another, as
// docs/performance.md does.
#include <benchmark/benchmark.h>
#include <torch/torch.h>

#include <filesystem>

#include "core/data/Augmenter.h"
#include "core/data/ImageDecoder.h"
#include "core/data/ImageWriter.h"
#include "core/data/Preprocessing.h"
#include "core/models/FreezePlan.h"
#include "core/models/Model.h"
#include "core/models/internal/Network.h"
#include "core/training/internal/Bf16Autocast.h"
#include "support/TempDir.h"
#include "support/TestImages.h"

namespace tl {
namespace {

constexpr ImageSize kInput{150, 150};

/// A photo-sized JPEG (about what Kaggle's dogs vs cats holds), written once.
const std::filesystem::path& photo() {
    static test::TempDir dir;
    static const auto file = [] {
        const auto path = dir.path() / "photo.jpg";
        writeImage(path, test::gradientImage(400, 360, 7));
        return path;
    }();
    return file;
}

void DecodePhotoTo150(benchmark::State& state) {
    const ImageDecoder decoder(kInput);
    for (auto _ : state) benchmark::DoNotOptimize(decoder.decode(photo()));
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(DecodePhotoTo150)->Unit(benchmark::kMicrosecond);

void AugmentLectureTransform(benchmark::State& state) {
    const auto image = ImageDecoder(kInput).decode(photo());
    const Augmenter augmenter(AugmentationParams::classic(), 42);
    std::uint64_t key = 0;
    for (auto _ : state) benchmark::DoNotOptimize(augmenter.apply(image, ++key));
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(AugmentLectureTransform)->Unit(benchmark::kMicrosecond);

void PreprocessToFloat(benchmark::State& state) {
    const auto image = ImageDecoder(kInput).decode(photo());
    std::vector<float> out(3 * kInput.width * kInput.height);
    for (auto _ : state) {
        preprocessInto(image, static_cast<Preprocessing>(state.range(0)), out.data());
        benchmark::ClobberMemory();
    }
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(PreprocessToFloat)->Arg(static_cast<int>(Preprocessing::Torchvision))->Unit(benchmark::kMicrosecond);

/// One RMSprop step (forward, loss, backward, update) of `network` from `input`; range(0) = 1 for
/// bf16 autocast. Only the trainable parameters are updated, as in a run.
void trainingSteps(benchmark::State& state, internal::NetworkImpl& network, const torch::Tensor& input,
                   bool throughHeadOnly) {
    std::vector<torch::Tensor> trainable;
    for (const auto& parameter : network.parameters()) {
        if (parameter.requires_grad()) trainable.push_back(parameter);
    }
    torch::optim::RMSprop optimizer(trainable, torch::optim::RMSpropOptions(1e-4).alpha(0.9).eps(1e-7));
    const auto targets = torch::randint(0, 2, {input.size(0), 1}).to(torch::kFloat);
    network.setTraining(true);
    for (auto _ : state) {
        optimizer.zero_grad();
        torch::Tensor loss;
        {
            const internal::Bf16Autocast autocast(state.range(0) == 1);
            const auto features = throughHeadOnly ? network.forwardHead(input) : network.forward(input);
            loss = torch::binary_cross_entropy_with_logits(features.to(torch::kFloat), targets);
        }
        loss.backward();
        optimizer.step();
        benchmark::DoNotOptimize(loss.item<float>());
    }
    state.SetItemsProcessed(state.iterations() * input.size(0));
}

void SmallConvnetStepBatch32(benchmark::State& state) {
    torch::manual_seed(0);
    internal::NetworkImpl network(ModelSpec{"small_convnet", kInput, {Pooling::Flatten, 512, 0.5, 2}});
    network.useChannelsLast();
    const auto input = torch::randn({32, 3, kInput.height, kInput.width}).contiguous(torch::MemoryFormat::ChannelsLast);
    trainingSteps(state, network, input, false);
}
BENCHMARK(SmallConvnetStepBatch32)->Arg(0)->Arg(1)->ArgName("bf16")->Unit(benchmark::kMillisecond);

/// Preset 5 with an augmentation pool: block 5 and the head train on block4_pool's 512x9x9
/// activations (the frozen part is not in the step).
void Vgg16Block5StepBatch20(benchmark::State& state) {
    torch::manual_seed(0);
    Model model(ModelSpec{"vgg16", kInput, {Pooling::Flatten, 256, 0.5, 2}});
    model.applyFreeze(FreezePlan::trainableFrom("block5_conv1"));
    auto& network = model.network();
    network.useChannelsLast();
    const auto& stages = network.baseStages();
    std::size_t cut = 0;
    while (cut < stages.size() && stages[cut].name != "block5_conv1") ++cut;
    const auto activations =
        torch::randn({20, 512, 9, 9}).contiguous(torch::MemoryFormat::ChannelsLast).set_requires_grad(false);
    std::vector<torch::Tensor> trainable;
    for (const auto& parameter : network.parameters()) {
        if (parameter.requires_grad()) trainable.push_back(parameter);
    }
    torch::optim::RMSprop optimizer(trainable, torch::optim::RMSpropOptions(1e-5).alpha(0.9).eps(1e-7));
    const auto targets = torch::randint(0, 2, {20, 1}).to(torch::kFloat);
    network.setTraining(true);
    for (auto _ : state) {
        optimizer.zero_grad();
        torch::Tensor loss;
        {
            const internal::Bf16Autocast autocast(state.range(0) == 1);
            const auto features = network.forwardBaseStages(activations, cut, stages.size());
            loss = torch::binary_cross_entropy_with_logits(network.forwardHead(features).to(torch::kFloat), targets);
        }
        loss.backward();
        optimizer.step();
        benchmark::DoNotOptimize(loss.item<float>());
    }
    state.SetItemsProcessed(state.iterations() * 20);
}
BENCHMARK(Vgg16Block5StepBatch20)->Arg(0)->Arg(1)->ArgName("bf16")->Unit(benchmark::kMillisecond);

/// The frozen base of presets 3-4: VGG16's convolutional base without autograd, batch 32.
void Vgg16BaseForwardBatch32(benchmark::State& state) {
    torch::manual_seed(0);
    internal::NetworkImpl network(ModelSpec{"vgg16", kInput, {Pooling::Flatten, 256, 0.5, 2}});
    network.useChannelsLast();
    network.setTraining(false);
    const auto input = torch::randn({32, 3, kInput.height, kInput.width}).contiguous(torch::MemoryFormat::ChannelsLast);
    const torch::NoGradGuard noGrad;
    for (auto _ : state) {
        const internal::Bf16Autocast autocast(state.range(0) == 1);
        benchmark::DoNotOptimize(network.forwardBase(input).sum().item<float>());
    }
    state.SetItemsProcessed(state.iterations() * 32);
}
BENCHMARK(Vgg16BaseForwardBatch32)->Arg(0)->Arg(1)->ArgName("bf16")->Unit(benchmark::kMillisecond)->Iterations(3);

}  // namespace
}  // namespace tl

BENCHMARK_MAIN();
