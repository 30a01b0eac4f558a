#include "core/training/internal/TrainingState.h"

#include <ATen/CPUGeneratorImpl.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>
#include <mutex>

#include "core/util/AtomicFile.h"
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
    writeFileAtomically(file, [&](const std::filesystem::path& temporary) {
        std::unique_ptr<std::FILE, int (*)(std::FILE*)> out(std::fopen(temporary.c_str(), "wb"), &std::fclose);
        if (!out) throw Error("cannot write " + file.string() + ": " + std::strerror(errno));
        // Every byte reported written, the first failure remembered: LibTorch's writer must not
        // throw (it would throw again from its destructor and end the program; see Model::save).
        std::string failure;
        try {
            archive.save_to([&](const void* data, std::size_t size) -> std::size_t {
                if (failure.empty() && std::fwrite(data, 1, size, out.get()) != size) failure = std::strerror(errno);
                return size;
            });
        } catch (const c10::Error& error) {
            throw Error("cannot write " + file.string() + ": " + userMessage(error));
        }
        if (failure.empty() && std::fflush(out.get()) != 0) failure = std::strerror(errno);
        if (failure.empty() && std::fclose(out.release()) != 0) failure = std::strerror(errno);
        if (!failure.empty()) throw Error("cannot write " + file.string() + ": " + failure);
    });
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
