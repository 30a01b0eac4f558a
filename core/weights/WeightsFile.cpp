#include "core/weights/WeightsFile.h"

#include <fstream>

#include "core/models/internal/Network.h"
#include "core/util/Error.h"
#include "core/weights/Sha256.h"
#include "core/weights/WeightsLookup.h"
#include "core/weights/internal/TorchCheckpoint.h"
#include "core/weights/internal/WeightsMatcher.h"

namespace tl {
namespace {

constexpr std::string_view kHdf5Signature{"\x89HDF\r\n\x1a\n", 8};

/// Refuses, with a reason, a file that cannot be a PyTorch checkpoint, before parsing it.
void checkReadable(const std::filesystem::path& file) {
    std::error_code error;
    if (!std::filesystem::is_regular_file(file, error)) {
        throw Error("weights file " + file.string() + " does not exist (or is not a file)");
    }
    std::ifstream in(file, std::ios::binary);
    char head[8] = {};
    in.read(head, sizeof head);
    if (in.gcount() == 8 && std::string_view(head, 8) == kHdf5Signature) {
        throw Error(file.string() + " is a Keras HDF5 weights file; this version reads PyTorch (.pth) files only");
    }
}

WeightsReport loadUnguarded(Model& model, const std::filesystem::path& file, bool strict, bool includeTop,
                            const std::string& expectedHashPrefix) {
    checkReadable(file);
    WeightsReport report;
    report.source = "torchvision";
    report.file = file;
    report.suggested = Preprocessing::Torchvision;
    report.sha256 = Sha256::ofFile(file);
    if (!report.sha256.starts_with(expectedHashPrefix)) {
        throw Error(file.string() + " is not the published file: its SHA-256 starts " + report.sha256.substr(0, 8) +
                    ", the name promises " + expectedHashPrefix + " (a partial or corrupted download?)");
    }
    internal::TorchCheckpoint checkpoint(file);
    auto match = internal::matchWeights(*model.network().baseModule(), checkpoint, includeTop, report);
    if (!match.problems.empty() && (strict || match.copies.empty())) {
        const auto advice = match.copies.empty() ? std::string("No tensor fits: is the file for another architecture?")
                                                 : "Load non-strict to take the " +
                                                       std::to_string(match.copies.size()) + " tensors that fit.";
        throw Error(file.string() + " does not fit the " + model.spec().backbone + " base; nothing was loaded. " +
                    match.problems + ". " + advice);
    }
    internal::readSources(checkpoint, match.copies);
    internal::applyCopies(match.copies);
    report.loaded = match.copies.size();
    return report;
}

/// loadUnguarded(), with running out of memory (a damaged file may announce absurd sizes) turned
/// into tl::Error.
WeightsReport loadChecked(Model& model, const std::filesystem::path& file, bool strict, bool includeTop,
                          const std::string& expectedHashPrefix) {
    try {
        return loadUnguarded(model, file, strict, includeTop, expectedHashPrefix);
    } catch (const std::bad_alloc&) {
        throw Error("not enough memory to load " + file.string() + " (or it is damaged and announces absurd sizes)");
    }
}

}  // namespace

WeightsReport loadWeights(Model& model, const std::filesystem::path& file, bool strict, bool includeTop) {
    return loadChecked(model, file, strict, includeTop, "");
}

WeightsReport loadImagenetWeights(Model& model, bool strict, bool includeTop) {
    const auto located = findImagenetWeights(model.spec().backbone, includeTop);
    if (located.entry.digest.algorithm == HashAlgorithm::Sha256) {
        // loadChecked() hashes the file for the report anyway and checks the prefix on the way.
        return loadChecked(model, located.file, strict, includeTop, located.entry.digest.hex);
    }
    requirePublishedDigest(located.entry, located.file);
    return loadWeights(model, located.file, strict, includeTop);
}

std::optional<WeightsReport> applyWeightsSetting(Model& model, const std::string& weights) {
    if (weights == "random") return std::nullopt;
    if (weights == "imagenet") return loadImagenetWeights(model);
    return loadWeights(model, weights);
}

std::string describe(const WeightsReport& report) {
    std::string text = report.source + " weights from " + report.file.string() + " (sha256 " + report.sha256 +
                       "): " + std::to_string(report.loaded) + " tensors loaded";
    if (!report.ignoredTop.empty()) {
        text += ", " + std::to_string(report.ignoredTop.size()) + " classifier tensors skipped";
    }
    if (!report.missing.empty()) text += ", " + std::to_string(report.missing.size()) + " missing";
    if (!report.unexpected.empty()) text += ", " + std::to_string(report.unexpected.size()) + " unexpected";
    if (!report.mismatched.empty()) text += ", " + std::to_string(report.mismatched.size()) + " of another shape";
    return text + "; they expect " + std::string(toString(report.suggested)) + " preprocessing";
}

}  // namespace tl
