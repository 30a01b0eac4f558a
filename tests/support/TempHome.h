#pragma once
#include <filesystem>
#include <fstream>
#include <string>

#include "support/ScopedEnv.h"
#include "support/TempDir.h"

namespace tl::test {

/// A temporary home for one test: HOME, XDG_CACHE_HOME, TORCH_HOME and KERAS_HOME point inside
/// a fresh folder (child processes such as transferlab-cli inherit them), restored afterwards.
struct TempHome {
    TempDir folder;
    ScopedEnv home{"HOME", folder.path().string()};
    ScopedEnv xdg{"XDG_CACHE_HOME", (folder / "xdg").string()};
    ScopedEnv torchHome{"TORCH_HOME", (folder / "torch").string()};
    ScopedEnv kerasHome{"KERAS_HOME", (folder / "keras").string()};
    std::filesystem::path app = folder / "xdg" / "transferlab" / "weights";  ///< appWeightsFolder()
    std::filesystem::path hub = folder / "torch" / "hub" / "checkpoints";    ///< torch's cache
    std::filesystem::path keras = folder / "keras" / "models";               ///< Keras' cache

    /// Writes `content` to `dir`/`name`, creating `dir`; returns the file's path.
    static std::filesystem::path put(const std::filesystem::path& dir, const std::string& name,
                                     const std::string& content = "x") {
        std::filesystem::create_directories(dir);
        std::ofstream(dir / name, std::ios::binary) << content;
        return dir / name;
    }
};

}  // namespace tl::test
