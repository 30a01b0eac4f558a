#pragma once
#include <cstdint>
#include <filesystem>
#include <optional>
#include <vector>

#include "core/weights/WeightsCatalog.h"

namespace tl {

/// A catalogue file and whether this machine has it (see weightsSearchFolders()).
struct WeightsFileState {
    PretrainedFile entry;
    std::optional<std::filesystem::path> file;  ///< the copy that would be used; nullopt: missing
    std::uintmax_t bytes = 0;                   ///< its size, 0 when missing
};

/// Every catalogue file, in catalogue order, with its state. Reads no file's content.
std::vector<WeightsFileState> imagenetWeightsStates();

/// A copy of a catalogue file found in one of the search folders, with its digest checked.
struct VerifiedFile {
    PretrainedFile entry;
    std::filesystem::path file;
    DigestCheck check;
};

/// Re-hashes every copy of a catalogue file in the search folders (a file may be in several).
/// Reads each whole file: seconds per hundred megabytes.
std::vector<VerifiedFile> verifyCachedWeights();

/// What importWeightsFile() did.
struct ImportResult {
    PretrainedFile entry;
    std::filesystem::path file;  ///< the copy in appWeightsFolder()
    DigestCheck check;           ///< Matches, or NotPublished for a file Keras gives no digest for
};

/// Copies a weights file obtained by hand into appWeightsFolder() under its canonical name,
/// atomically. The file is recognised by its name (then its digest must match the published
/// one) or else by its digest (a renamed download). Throws tl::Error, copying nothing, for a file
/// whose digest differs from its name's entry or that the catalogue does not know.
ImportResult importWeightsFile(const std::filesystem::path& file);

}  // namespace tl
