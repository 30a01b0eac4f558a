#include "core/util/TemporaryFolder.h"

#include <stdlib.h>

#include <cerrno>
#include <cstring>

#include "core/util/Error.h"

namespace tl {

TemporaryFolder::TemporaryFolder(const std::string& prefix) {
    std::error_code error;
    auto pattern = (std::filesystem::temp_directory_path(error) / (prefix + "-XXXXXX")).string();
    if (error || mkdtemp(pattern.data()) == nullptr) {
        throw Error("cannot make a temporary folder (" + pattern +
                    "): " + (error ? error.message() : std::string(std::strerror(errno))));
    }
    path_ = pattern;
}

TemporaryFolder::~TemporaryFolder() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
}

}  // namespace tl
