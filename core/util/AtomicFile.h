#pragma once
#include <filesystem>
#include <functional>
#include <string_view>

namespace tl {

/// Writes `content` to `target` so that readers see either the old file or the complete new one:
/// the bytes go to a temporary file in the same folder, are flushed, then renamed over `target`.
/// Creates missing parent folders. Throws tl::Error naming the file on failure.
void writeFileAtomically(const std::filesystem::path& target, std::string_view content);

/// Same contract for writers that need a path (e.g. torch::save): `write` receives the temporary
/// path to fill; it is renamed over `target` only if `write` returns without throwing.
void writeFileAtomically(const std::filesystem::path& target,
                         const std::function<void(const std::filesystem::path& temporary)>& write);

/// Copies `source` to `target` with the same contract (an export of a run's file). Throws
/// tl::Error naming `source` when it cannot be read.
void copyFileAtomically(const std::filesystem::path& source, const std::filesystem::path& target);

}  // namespace tl
