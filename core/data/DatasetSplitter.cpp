#include "core/data/DatasetSplitter.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <fstream>
#include <limits>
#include <map>
#include <random>
#include <string>
#include <tuple>

#include "core/data/ImageDecoder.h"
#include "core/util/AtomicFile.h"
#include "core/util/DeterministicRandom.h"
#include "core/util/Error.h"

namespace tl {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

constexpr int kSplitFileVersion = 1;
constexpr const char* kSplitFileFormat = "transferlab-split";

/// Samples grouped by label, each group sorted by path so the input to the shuffle does not
/// depend on the order the samples came in.
std::vector<std::vector<Sample>> byClass(const std::vector<Sample>& samples, std::size_t classCount) {
    std::vector<std::vector<Sample>> groups(classCount);
    for (const auto& sample : samples) {
        if (sample.label < 0 || static_cast<std::size_t>(sample.label) >= classCount) {
            throw Error(sample.path.string() + ": label " + std::to_string(sample.label) + " is not one of the " +
                        std::to_string(classCount) + " classes");
        }
        groups[sample.label].push_back(sample);
    }
    for (auto& group : groups) {
        std::sort(group.begin(), group.end(), [](const Sample& a, const Sample& b) { return a.path < b.path; });
    }
    return groups;
}

/// Shuffles one class's samples with a generator seeded from (seed, class name, stream): the
/// order of one class does not change when classes are added or removed.
void shuffleClass(std::vector<Sample>& samples, std::uint64_t seed, const std::string& className,
                  std::uint64_t stream) {
    std::mt19937_64 engine(combineSeed(combineSeed(seed, stableHash(className)), stream));
    shuffleDeterministically(samples, engine);
}

void sortPart(std::vector<Sample>& part) {
    std::sort(part.begin(), part.end(),
              [](const Sample& a, const Sample& b) { return std::tie(a.label, a.path) < std::tie(b.label, b.path); });
}

void splitPredefined(const SplitSet& predefined, const SplitCounts& counts, std::uint64_t seed, SplitSet& result) {
    for (auto split : kAllSplits) {
        const int wanted = counts.of(split);
        auto groups = byClass(predefined.part(split), result.classes.size());
        for (std::size_t label = 0; label < groups.size(); ++label) {
            auto& group = groups[label];
            if (wanted > 0 && group.size() < static_cast<std::size_t>(wanted)) {
                throw Error("class '" + result.classes[label] + "' has " + std::to_string(group.size()) +
                            " usable images in the " + std::string(toString(split)) + " folder; " +
                            std::to_string(wanted) + " are needed (ask for fewer, or 0 for all)");
            }
            shuffleClass(group, seed, result.classes[label], static_cast<std::uint64_t>(split) + 1);
            const auto take = wanted > 0 ? static_cast<std::size_t>(wanted) : group.size();
            auto& part = result.part(split);
            part.insert(part.end(), group.begin(), group.begin() + static_cast<std::ptrdiff_t>(take));
        }
    }
}

void splitUnsplit(const Dataset& dataset, const SplitCounts& counts, std::uint64_t seed, SplitSet& result) {
    const std::size_t needed = static_cast<std::size_t>(counts.train) + counts.validation + counts.test;
    if (needed == 0) throw Error("every split count is 0: nothing to split");
    auto groups = byClass(dataset.unsplit, result.classes.size());
    for (std::size_t label = 0; label < groups.size(); ++label) {
        auto& group = groups[label];
        if (group.size() < needed) {
            throw Error("class '" + result.classes[label] + "' has " + std::to_string(group.size()) +
                        " usable images; the split needs " + std::to_string(needed) + " per class (train " +
                        std::to_string(counts.train) + " + validation " + std::to_string(counts.validation) +
                        " + test " + std::to_string(counts.test) + ")");
        }
        shuffleClass(group, seed, result.classes[label], 0);
        auto next = group.begin();
        for (auto split : kAllSplits) {
            const auto take = static_cast<std::ptrdiff_t>(counts.of(split));
            result.part(split).insert(result.part(split).end(), next, next + take);
            next += take;
        }
    }
}

/// Where a sample's path is stored in a split file: relative to the dataset root when inside it.
std::string storedPath(const fs::path& path, const fs::path& absoluteRoot) {
    const auto absolute = fs::absolute(path).lexically_normal();
    const auto relative = absolute.lexically_relative(absoluteRoot);
    if (relative.empty() || *relative.begin() == "..") return absolute.generic_string();
    return relative.generic_string();
}

/// Reads split files, naming the JSON field at fault in every error: "<file>: train[3].label: ...".
class SplitFileReader {
public:
    explicit SplitFileReader(fs::path file) : file_(std::move(file)) {}

    SplitSet read() {
        const json document = parse();
        if (!document.is_object()) fail("(top level)", "expected an object");
        if (document.contains("version")) {
            const auto& version = document["version"];
            if (!version.is_number_integer()) fail("version", "expected an integer");
            if (version.get<long long>() > kSplitFileVersion) {
                fail("version", std::to_string(version.get<long long>()) + " is newer than this program reads (" +
                                    std::to_string(kSplitFileVersion) + ")");
            }
        }
        const fs::path root = readRoot(document);
        SplitSet split;
        const auto& classes = require(document, "classes", "classes");
        if (!classes.is_array() || classes.empty()) fail("classes", "expected a non-empty array of class names");
        for (std::size_t i = 0; i < classes.size(); ++i) {
            const auto field = "classes[" + std::to_string(i) + "]";
            if (!classes[i].is_string()) fail(field, "expected a string");
            auto name = classes[i].get<std::string>();
            if (std::find(split.classes.begin(), split.classes.end(), name) != split.classes.end()) {
                fail(field, "duplicate class '" + name + "'");
            }
            split.classes.push_back(std::move(name));
        }
        for (auto name : kAllSplits) {
            const std::string key(toString(name));
            split.part(name) = readSamples(require(document, key, key), key, root, split.classes.size());
        }
        return split;
    }

private:
    [[noreturn]] void fail(const std::string& field, const std::string& problem) const {
        throw Error(file_.string() + ": " + field + ": " + problem);
    }

    json parse() const {
        std::ifstream in(file_, std::ios::binary);
        if (!in) throw Error(file_.string() + ": cannot open the split file");
        try {
            return json::parse(in);
        } catch (const json::exception& error) {
            throw Error(file_.string() + ": not valid JSON: " + error.what());
        }
    }

    const json& require(const json& object, const std::string& key, const std::string& field) const {
        if (!object.contains(key)) fail(field, "missing");
        return object[key];
    }

    /// The recorded root; a relative one, or none, means relative to the split file's folder.
    fs::path readRoot(const json& document) const {
        auto folder = fs::absolute(file_).parent_path();
        if (!document.contains("root")) return folder;
        if (!document["root"].is_string()) fail("root", "expected a string");
        const fs::path root = document["root"].get<std::string>();
        return (root.is_absolute() ? root : folder / root).lexically_normal();
    }

    std::vector<Sample> readSamples(const json& list, const std::string& field, const fs::path& root,
                                    std::size_t classCount) const {
        if (!list.is_array()) fail(field, "expected an array of {path, label}");
        std::vector<Sample> samples;
        for (std::size_t i = 0; i < list.size(); ++i) {
            const auto item = field + "[" + std::to_string(i) + "]";
            if (!list[i].is_object()) fail(item, "expected an object {path, label}");
            const auto& path = require(list[i], "path", item + ".path");
            if (!path.is_string() || path.get<std::string>().empty())
                fail(item + ".path", "expected a non-empty string");
            const auto& label = require(list[i], "label", item + ".label");
            if (!label.is_number_integer()) fail(item + ".label", "expected an integer");
            const auto value = label.get<long long>();
            if (value < 0 || static_cast<std::size_t>(value) >= classCount) {
                fail(item + ".label",
                     std::to_string(value) + " is out of range (" + std::to_string(classCount) + " classes)");
            }
            const fs::path stored = path.get<std::string>();
            samples.push_back(
                {stored.is_absolute() ? stored : (root / stored).lexically_normal(), static_cast<int>(value)});
        }
        return samples;
    }

    fs::path file_;
};

/// A class name is used as a folder name; refuse ones that would escape the destination.
void checkClassFolderName(const std::string& name) {
    if (name.empty() || name == "." || name == ".." || name.find_first_of("/\\") != std::string::npos) {
        throw Error("class name '" + name + "' cannot be used as a folder name");
    }
}

/// A file name not used yet in its folder during this run: "x.jpg", then "x_1.jpg", "x_2.jpg"...
fs::path uniqueName(const fs::path& source, std::map<fs::path, int>& used) {
    auto name = source.filename();
    const int seen = used[name]++;
    if (seen == 0) return name;
    auto candidate = source.stem().string() + "_" + std::to_string(seen) + source.extension().string();
    return uniqueName(fs::path(candidate), used);
}

}  // namespace

SplitSet makeSplit(const Dataset& dataset, const SplitCounts& counts, std::uint64_t seed) {
    if (counts.train < 0 || counts.validation < 0 || counts.test < 0) {
        throw Error("split counts must not be negative");
    }
    SplitSet result;
    result.classes = dataset.classes;
    if (dataset.predefined) {
        splitPredefined(*dataset.predefined, counts, seed, result);
    } else {
        splitUnsplit(dataset, counts, seed, result);
    }
    for (auto split : kAllSplits) sortPart(result.part(split));
    return result;
}

SplitCounts proposeSplitCounts(const Dataset& dataset) {
    const SplitCounts lecture{1000, 500, 500};
    const std::size_t classes = dataset.classes.size();
    if (dataset.predefined) {
        bool fits = classes > 0;
        for (auto split : kAllSplits) {
            const auto groups = byClass(dataset.predefined->part(split), classes);
            for (const auto& group : groups) fits = fits && group.size() >= static_cast<std::size_t>(lecture.of(split));
        }
        return fits ? lecture : SplitCounts{0, 0, 0};
    }
    std::size_t smallest = classes > 0 ? std::numeric_limits<std::size_t>::max() : 0;
    for (const auto& group : byClass(dataset.unsplit, classes)) smallest = std::min(smallest, group.size());
    if (smallest >= 2000) return lecture;
    const int train = static_cast<int>(smallest / 2);
    const int validation = static_cast<int>(smallest / 4);
    return {train, validation, static_cast<int>(smallest) - train - validation};
}

void saveSplitFile(const SplitSet& split, const std::filesystem::path& datasetRoot, const std::filesystem::path& file) {
    const auto root = fs::absolute(datasetRoot).lexically_normal();
    json document{{"format", kSplitFileFormat},
                  {"version", kSplitFileVersion},
                  {"root", root.generic_string()},
                  {"classes", split.classes}};
    for (auto name : kAllSplits) {
        json list = json::array();
        for (const auto& sample : split.part(name)) {
            list.push_back({{"path", storedPath(sample.path, root)}, {"label", sample.label}});
        }
        document[std::string(toString(name))] = std::move(list);
    }
    writeFileAtomically(file, document.dump(2) + "\n");
}

SplitSet loadSplitFile(const std::filesystem::path& file) {
    return SplitFileReader(file).read();
}

void materializeSplit(const SplitSet& split, const std::filesystem::path& destination, MaterializeMode mode) {
    for (const auto& name : split.classes) checkClassFolderName(name);
    // Files of an earlier, different split would stay beside the new ones and put one image in
    // two splits: refuse any split folder that already holds something.
    for (auto part : kAllSplits) {
        const auto folder = destination / std::string(toString(part));
        std::error_code error;
        if (fs::exists(folder, error) && !fs::is_empty(folder, error)) {
            throw Error(folder.string() + " is not empty; materialize into a new folder");
        }
    }
    for (auto part : kAllSplits) {
        std::map<fs::path, std::map<fs::path, int>> usedNames;  // per class folder
        for (const auto& sample : split.part(part)) {
            if (sample.label < 0 || static_cast<std::size_t>(sample.label) >= split.classes.size()) {
                throw Error(sample.path.string() + ": label " + std::to_string(sample.label) + " has no class");
            }
            const auto folder = destination / std::string(toString(part)) / split.classes[sample.label];
            const auto target = folder / uniqueName(sample.path, usedNames[folder]);
            std::error_code error;
            fs::create_directories(folder, error);
            if (error) throw Error("cannot create folder " + folder.string() + ": " + error.message());
            if (!fs::is_regular_file(sample.path, error)) {
                // A file inside a zip archive cannot be linked to: its bytes are written out.
                auto bytes = readArchivedFile(sample.path);
                if (!bytes) throw Error(sample.path.string() + ": not found");
                writeFileAtomically(target, *bytes);
                continue;
            }
            if (mode == MaterializeMode::Symlink) {
                fs::create_symlink(fs::absolute(sample.path), target, error);
            } else {
                fs::copy_file(sample.path, target, error);
            }
            if (error) {
                throw Error("cannot " + std::string(mode == MaterializeMode::Symlink ? "link " : "copy ") +
                            sample.path.string() + " to " + target.string() + ": " + error.message());
            }
        }
    }
}

}  // namespace tl
