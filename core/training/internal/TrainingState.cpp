#include "core/training/internal/TrainingState.h"

#include <ATen/CPUGeneratorImpl.h>

#include <mutex>

#include "core/models/internal/ArchiveFile.h"
#include "core/util/Error.h"
#include "core/util/UserMessage.h"

namespace tl::internal {
namespace {

constexpr const char* kGeneratorKey = "cpu_generator_state";
constexpr const char* kOptimizerKey = "optimizer";

}  // namespace

void saveTrainingState(const std::filesystem::path& file, torch::optim::Optimizer& optimizer) {
    torch::serialize::OutputArchive archive;
    torch::serialize::OutputArchive optimizerArchive;
    optimizer.save(optimizerArchive);
    archive.write(kOptimizerKey, optimizerArchive);
    {
        auto generator = at::detail::getDefaultCPUGenerator();
        std::lock_guard<std::mutex> lock(generator.mutex());
        archive.write(kGeneratorKey, generator.get_state());
    }
    writeArchiveAtomically(archive, file, "");
}

void loadTrainingState(const std::filesystem::path& file, torch::optim::Optimizer& optimizer) {
    try {
        torch::serialize::InputArchive archive;
        archive.load_from(file.string());
        torch::serialize::InputArchive optimizerArchive;
        archive.read(kOptimizerKey, optimizerArchive);
        optimizer.load(optimizerArchive);
        torch::Tensor state;
        archive.read(kGeneratorKey, state);
        auto generator = at::detail::getDefaultCPUGenerator();
        std::lock_guard<std::mutex> lock(generator.mutex());
        generator.set_state(state);
    } catch (const c10::Error& error) {
        throw Error("cannot read the training state " + file.string() + ": " + userMessage(error));
    }
}

}  // namespace tl::internal
