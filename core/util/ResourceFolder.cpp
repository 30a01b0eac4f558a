#include "core/util/ResourceFolder.h"

#include "core/util/Error.h"

namespace tl {

std::filesystem::path resourceFolder() {
    std::error_code error;
    const auto program = std::filesystem::read_symlink("/proc/self/exe", error);
    const auto installed = program.parent_path().parent_path() / "share" / "transferlab";
    const std::filesystem::path source = TRANSFERLAB_SOURCE_RESOURCES;  // set by core/util/CMakeLists.txt
    for (const auto& folder : {installed, source}) {
        if (!error && std::filesystem::is_directory(folder, error)) return folder;
        error.clear();
    }
    throw Error("Transfer Lab's resources are missing: neither " + installed.string() + " nor " + source.string() +
                " exists (reinstall the package)");
}

}  // namespace tl
