#include "core/models/internal/ArchiveFile.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>

#include "core/util/AtomicFile.h"
#include "core/util/Error.h"
#include "core/util/UserMessage.h"

namespace tl::internal {

void writeArchiveAtomically(torch::serialize::OutputArchive& archive, const std::filesystem::path& file,
                            const std::string& what) {
    const auto fail = [&](const std::string& reason) {
        return Error("cannot write " + what + file.string() + ": " + reason);
    };
    writeFileAtomically(file, [&](const std::filesystem::path& temporary) {
        std::unique_ptr<std::FILE, int (*)(std::FILE*)> out(std::fopen(temporary.c_str(), "wb"), &std::fclose);
        if (!out) throw fail(std::strerror(errno));
        std::string failure;
        try {
            archive.save_to([&](const void* data, std::size_t size) -> std::size_t {
                if (failure.empty() && std::fwrite(data, 1, size, out.get()) != size) failure = std::strerror(errno);
                return size;
            });
        } catch (const c10::Error& error) {
            throw fail(userMessage(error));
        }
        if (failure.empty() && std::fflush(out.get()) != 0) failure = std::strerror(errno);
        if (failure.empty() && std::fclose(out.release()) != 0) failure = std::strerror(errno);
        if (!failure.empty()) throw fail(failure);
    });
}

}  // namespace tl::internal
