#include "core/weights/WeightsFile.h"

#include <fstream>

#include "core/models/internal/Network.h"
#include "core/util/Error.h"
#include "core/weights/Sha256.h"
#include "core/weights/WeightsLookup.h"
#include "core/weights/internal/TorchCheckpoint.h"
#include "core/weights/internal/WeightsMatcher.h"
#include "core/weights/keras/internal/Hdf5File.h"
#include "core/weights/keras/internal/KerasWeightsLoader.h"

namespace tl {
namespace {

/// The model's head is the backbone's ImageNet classifier, which only the weights' top can fill.
bool hasImagenetTop(const Model& model) {
    return model.spec().head.kind == HeadKind::Imagenet;
}

/// Refuses, with a reason, a path that is not a readable file, before parsing it.
void checkReadable(const std::filesystem::path& file) {
    std::error_code error;
    if (!std::filesystem::is_regular_file(file, error)) {
        throw Error("weights file " + file.string() + " does not exist (or is not a file)");
    }
}

WeightsReport loadUnguarded(Model& model, const std::filesystem::path& file, bool strict, bool includeTop,
                            const std::string& expectedHashPrefix) {
    checkReadable(file);
    WeightsReport report;
    report.source = "torchvision";
    report.file = file;
    // torchvision's InceptionV3 weights (Google's) expect x / 127.5 - 1: torchvision converts its own
    // normalisation to that in transform_input, which core's base leaves out.
    report.suggested = model.spec().backbone == "inception_v3" ? Preprocessing::Tf : Preprocessing::Torchvision;
    report.sha256 = Sha256::ofFile(file);
    if (!report.sha256.starts_with(expectedHashPrefix)) {
        throw Error(file.string() + " is not the published file: its SHA-256 starts " + report.sha256.substr(0, 8) +
                    ", the name promises " + expectedHashPrefix + " (a partial or corrupted download?)");
    }
    if (internal::looksLikeHdf5(file)) {  // Keras: recognised by the HDF5 signature, whatever the name
        internal::loadKerasWeights(model, file, strict, includeTop, report);
        return report;
    }
    internal::TorchCheckpoint checkpoint(file);
    auto match = internal::matchWeights(*model.network().pretrainedModule(), checkpoint, includeTop, report);
    internal::refuseIfUnfit(file, model.spec().backbone, match.problems, match.copies.size(), strict,
                            internal::recogniseTorchvisionBackbone(checkpoint));
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
        return loadUnguarded(model, file, strict, includeTop || hasImagenetTop(model), expectedHashPrefix);
    } catch (const std::bad_alloc&) {
        throw Error("not enough memory to load " + file.string() + " (or it is damaged and announces absurd sizes)");
    }
}

}  // namespace

WeightsReport loadWeights(Model& model, const std::filesystem::path& file, bool strict, bool includeTop) {
    return loadChecked(model, file, strict, includeTop, "");
}

WeightsReport loadImagenetWeights(Model& model, bool strict, bool includeTop) {
    const auto located = findImagenetWeights(model.spec().backbone, includeTop || hasImagenetTop(model));
    if (located.entry.digest.algorithm == HashAlgorithm::Sha256) {
        // loadChecked() hashes the file for the report anyway and checks the prefix on the way.
        return loadChecked(model, located.file, strict, includeTop, located.entry.digest.hex);
    }
    requirePublishedDigest(located.entry, located.file);
    return loadWeights(model, located.file, strict, includeTop);
}

std::optional<WeightsReport> applyWeightsSetting(Model& model, const std::string& weights, bool strict) {
    if (weights == "random") return std::nullopt;
    if (weights == "imagenet") return loadImagenetWeights(model, strict);
    return loadWeights(model, weights, strict);
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
