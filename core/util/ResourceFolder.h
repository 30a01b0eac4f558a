#pragma once
#include <filesystem>

namespace tl {

/// The folder of Transfer Lab's read-only resources (presets/, imagenet_labels.txt): the first
/// that exists of <folder of the running program>/../share/transferlab (installed, as the .deb
/// lays it out) and the source tree's resources/ (a build tree run in place). Throws tl::Error
/// naming both when neither exists.
std::filesystem::path resourceFolder();

}  // namespace tl
