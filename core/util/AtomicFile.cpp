#include "core/util/AtomicFile.h"

#include <fstream>
#include <random>

#include "core/util/Error.h"

namespace tl {
namespace {

std::filesystem::path temporaryBeside(const std::filesystem::path& target) {
    static thread_local std::mt19937_64 random{std::random_device{}()};
    // Appended piece by piece: GCC 12 warns falsely (-Wrestrict) on "." + string here.
    std::string name(".");
    name += target.filename().string();
    name += ".tmp";
    name += std::to_string(random() % 1000000000);
    return target.parent_path() / name;
}

}  // namespace

void writeFileAtomically(const std::filesystem::path& target,
                         const std::function<void(const std::filesystem::path&)>& write) {
    std::error_code error;
    if (target.has_parent_path()) std::filesystem::create_directories(target.parent_path(), error);
    if (error) throw Error("cannot create folder " + target.parent_path().string() + ": " + error.message());
    const auto temporary = temporaryBeside(target);
    try {
        write(temporary);
    } catch (...) {
        std::filesystem::remove(temporary, error);
        throw;
    }
    std::filesystem::rename(temporary, target, error);
    if (error) {
        std::filesystem::remove(temporary, error);
        throw Error("cannot write " + target.string() + ": " + error.message());
    }
}

void writeFileAtomically(const std::filesystem::path& target, std::string_view content) {
    writeFileAtomically(target, [&](const std::filesystem::path& temporary) {
        std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
        out.write(content.data(), static_cast<std::streamsize>(content.size()));
        out.flush();
        if (!out) throw Error("cannot write " + temporary.string());
    });
}

void copyFileAtomically(const std::filesystem::path& source, const std::filesystem::path& target) {
    if (!std::filesystem::is_regular_file(source)) throw Error(source.string() + ": no such file");
    writeFileAtomically(target, [&](const std::filesystem::path& temporary) {
        std::error_code error;
        std::filesystem::copy_file(source, temporary, std::filesystem::copy_options::overwrite_existing, error);
        if (error) throw Error("cannot copy " + source.string() + " to " + target.string() + ": " + error.message());
    });
}

}  // namespace tl
