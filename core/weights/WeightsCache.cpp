#include "core/weights/WeightsCache.h"

#include "core/util/AtomicFile.h"
#include "core/util/Error.h"
#include "core/weights/WeightsLookup.h"

namespace tl {
namespace {

/// The catalogue entry whose published digest `file` has; nullptr if none.
const PretrainedFile* entryWithDigestOf(const std::filesystem::path& file) {
    const auto sha256 = fileDigest(file, HashAlgorithm::Sha256);
    const auto md5 = fileDigest(file, HashAlgorithm::Md5);
    for (const auto& entry : imagenetCatalog()) {
        const auto& actual = entry.digest.algorithm == HashAlgorithm::Md5 ? md5 : sha256;
        if (entry.digest.published() && entry.digest.matches(actual)) return &entry;
    }
    return nullptr;
}

}  // namespace

std::vector<WeightsFileState> imagenetWeightsStates() {
    std::vector<WeightsFileState> states;
    for (const auto& entry : imagenetCatalog()) {
        WeightsFileState state{entry, locatePretrainedFile(entry), 0};
        std::error_code error;
        if (state.file) state.bytes = std::filesystem::file_size(*state.file, error);
        states.push_back(std::move(state));
    }
    return states;
}

std::vector<VerifiedFile> verifyCachedWeights() {
    std::vector<VerifiedFile> verified;
    for (const auto& folder : weightsSearchFolders()) {
        for (const auto& entry : imagenetCatalog()) {
            const auto file = folder / entry.fileName;
            std::error_code error;
            if (!std::filesystem::is_regular_file(file, error)) continue;
            verified.push_back({entry, file, checkPublishedDigest(entry, file)});
        }
    }
    return verified;
}

ImportResult importWeightsFile(const std::filesystem::path& file) {
    std::error_code error;
    if (!std::filesystem::is_regular_file(file, error))
        throw Error(file.string() + " does not exist (or is not a file)");
    ImportResult result;
    if (const auto* named = catalogEntryNamed(file.filename().string())) {
        result.entry = *named;
        requirePublishedDigest(result.entry, file);
        result.check = checkPublishedDigest(result.entry, file);
    } else if (const auto* recognised = entryWithDigestOf(file)) {
        result.entry = *recognised;
        result.check = {DigestCheck::Verdict::Matches, fileDigest(file, recognised->digest.algorithm)};
    } else {
        throw Error(file.string() + " is not a known ImageNet weights file: neither its name nor its digest is in " +
                    "the catalogue ('transferlab-cli weights list' shows the files)");
    }
    result.file = appWeightsFolder() / result.entry.fileName;
    if (std::filesystem::equivalent(file, result.file, error)) return result;  // already in place
    writeFileAtomically(result.file, [&](const std::filesystem::path& temporary) {
        std::filesystem::copy_file(file, temporary, std::filesystem::copy_options::overwrite_existing);
    });
    return result;
}

}  // namespace tl
