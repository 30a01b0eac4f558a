#pragma once
// Internal: includes torch. Only core .cpp files and tests include this header.
#include <torch/torch.h>

#include <filesystem>
#include <string>

namespace tl::internal {

/// Writes `archive` to `file` atomically (see writeFileAtomically). LibTorch's writer is told every
/// byte was written and the first failure is remembered: a short write would make it throw, then
/// throw again from its destructor, which ends the program (a full disk aborted runs that way).
/// Throws tl::Error "cannot write <what><file>: <reason>" instead, leaving the old file in place.
void writeArchiveAtomically(torch::serialize::OutputArchive& archive, const std::filesystem::path& file,
                            const std::string& what);

}  // namespace tl::internal
