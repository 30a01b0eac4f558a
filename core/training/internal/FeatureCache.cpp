#include "core/training/internal/FeatureCache.h"

#include <torch/version.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <random>
#include <sstream>

#include "core/data/FileStamp.h"
#include "core/training/NpyFile.h"
#include "core/util/AtomicFile.h"
#include "core/util/Error.h"
#include "core/util/UserFolders.h"
#include "core/weights/Sha256.h"

namespace tl::internal {
namespace {

constexpr const char* kFeatures = "features.npy";
constexpr const char* kLabels = "labels.npy";
constexpr const char* kKey = "key.txt";
constexpr const char* kSkipped = "skipped.txt";

std::string digestOf(const std::string& key) {
    Sha256 hash;
    hash.update(key);
    return hash.finishHex();
}

std::vector<std::string> readLines(const std::filesystem::path& file) {
    std::vector<std::string> lines;
    std::ifstream in(file);
    for (std::string line; std::getline(in, line);) {
        if (!line.empty()) lines.push_back(line);
    }
    return lines;
}

}  // namespace

FeatureCache::FeatureCache(std::filesystem::path folder) : folder_(std::move(folder)) {}

std::filesystem::path FeatureCache::defaultFolder() {
    return userCacheHome() / "transferlab" / "features";
}

std::string FeatureCache::keyFor(const std::string& backbone, const std::string& weightsIdentity,
                                 const std::string& setup, const std::vector<Sample>& samples) {
    std::ostringstream key;
    key << "transferlab base outputs 1\nlibtorch " << TORCH_VERSION << "\nbackbone " << backbone << "\nweights "
        << weightsIdentity << "\n"
        << setup << "\nfiles " << samples.size() << "\n";
    for (const auto& sample : samples) {
        const auto stamp = stampOf(sample.path);
        key << std::filesystem::absolute(sample.path).string() << '\t' << stamp.size << '\t' << stamp.version << '\t'
            << sample.label << '\n';
    }
    return key.str();
}

std::filesystem::path FeatureCache::entryFolder(const std::string& key) const {
    return folder_ / digestOf(key);
}

std::optional<FeatureCache::Entry> FeatureCache::find(const std::string& key, int numClasses) const {
    if (!enabled()) return std::nullopt;
    const auto entry = entryFolder(key);
    std::error_code error;
    if (!std::filesystem::is_directory(entry, error)) return std::nullopt;
    try {
        std::ifstream keyFile(entry / kKey, std::ios::binary);
        const std::string stored((std::istreambuf_iterator<char>(keyFile)), std::istreambuf_iterator<char>());
        if (stored != key) return std::nullopt;  // a digest collision, or a damaged entry
        auto mapped = mapNpy(entry / kFeatures);
        const auto labels = readNpy(entry / kLabels);
        if (mapped.shape.empty() || labels.shape.size() != 1 || labels.shape[0] != mapped.shape[0]) return std::nullopt;
        auto keepAlive = mapped.mapping;
        auto features = torch::from_blob(
            const_cast<float*>(mapped.values), mapped.shape, [keepAlive](void*) mutable { keepAlive.reset(); },
            torch::kFloat32);
        std::vector<int> classes(labels.values.begin(), labels.values.end());
        Entry result;
        result.features = {features, makeTargets(classes, numClasses)};
        result.skipped = readLines(entry / kSkipped);
        return result;
    } catch (const Error&) {
        return std::nullopt;  // unreadable: compute again and store a fresh entry
    }
}

std::optional<std::string> FeatureCache::store(const std::string& key, const ExtractedFeatures& set,
                                               const std::vector<std::string>& skipped) const {
    if (!enabled() || !set.features.defined()) return std::nullopt;
    const auto entry = entryFolder(key);
    std::mt19937_64 random(std::random_device{}());
    const auto temporary = folder_ / (".incoming-" + std::to_string(random()));
    try {
        std::filesystem::create_directories(temporary);
        const auto features = set.features.contiguous();
        writeNpy(temporary / kFeatures, features.sizes().vec(), features.data_ptr<float>());
        const auto labels = classIndices(set.targets);
        writeNpy(temporary / kLabels, {labels.size(0)}, labels.data_ptr<float>());
        std::string skippedText;
        for (const auto& line : skipped) skippedText += line + "\n";
        writeFileAtomically(temporary / kSkipped, skippedText);
        writeFileAtomically(temporary / kKey, key);  // last: an entry with its key is complete
        std::error_code error;
        std::filesystem::rename(temporary, entry, error);
        if (error) std::filesystem::remove_all(temporary, error);  // another writer won: theirs is the same
        return std::nullopt;
    } catch (const std::exception& failure) {
        std::error_code ignored;
        std::filesystem::remove_all(temporary, ignored);
        return std::string("features not cached: ") + failure.what();
    }
}

}  // namespace tl::internal
