#include "core/data/DatasetScanner.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <optional>
#include <set>
#include <string>

#include "core/data/ImageDecoder.h"
#include "core/data/ZipArchive.h"
#include "core/util/Error.h"

namespace tl {
namespace {

namespace fs = std::filesystem;

/// An image file (by extension) and the class it belongs to, before its bytes are checked.
struct Candidate {
    fs::path path;
    std::string className;
};

bool isHidden(const fs::path& path) {
    const auto name = path.filename().string();
    return !name.empty() && name[0] == '.';
}

std::string lowercase(std::string text) {
    std::transform(text.begin(), text.end(), text.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return text;
}

/// The visible entries of `folder`, sorted: its image files and its subfolders.
struct Listing {
    std::vector<fs::path> images;
    std::vector<fs::path> folders;
};

bool isGif(const fs::path& path) {
    return lowercase(path.extension().string()) == ".gif";
}
constexpr const char* kGifReason = "GIF images are not read (no GIF decoder here); convert them to PNG";

/// A folder inside a zip archive (or the archive's top), if `folder` is one.
std::optional<std::pair<std::shared_ptr<const ZipArchive>, std::string>> archivedFolder(const fs::path& folder) {
    std::error_code error;
    if (fs::is_directory(folder, error)) return std::nullopt;
    const auto where = findArchivedPath(folder);
    if (!where) return std::nullopt;
    auto archive = ZipArchive::shared(where->archive);
    if (!archive->hasFolder(where->inner)) return std::nullopt;
    return std::make_pair(std::move(archive), where->inner);
}

Listing listArchived(const fs::path& folder, const ZipArchive& archive, const std::string& inner,
                     std::vector<SkippedFile>& skipped) {
    Listing listing;
    const auto names = archive.list(inner);
    for (const auto& name : names.folders) {
        if (name[0] != '.' && name != "__MACOSX") listing.folders.push_back(folder / name);
    }
    for (const auto& name : names.files) {
        const auto path = folder / name;
        if (name[0] == '.') continue;
        if (ImageDecoder::hasImageExtension(path)) listing.images.push_back(path);
        if (isGif(path)) skipped.push_back({path, kGifReason});
    }
    return listing;
}

Listing list(const fs::path& folder, std::vector<SkippedFile>& skipped) {
    if (const auto archived = archivedFolder(folder)) {
        return listArchived(folder, *archived->first, archived->second, skipped);
    }
    Listing listing;
    std::error_code error;
    fs::directory_iterator it(folder, error);
    for (; !error && it != fs::directory_iterator(); it.increment(error)) {
        const auto& path = it->path();
        if (isHidden(path)) continue;
        std::error_code typeError;
        if (it->is_directory(typeError)) {
            listing.folders.push_back(path);
        } else if (ImageDecoder::hasImageExtension(path)) {
            listing.images.push_back(path);
        } else if (isGif(path)) {
            skipped.push_back({path, kGifReason});
        }
    }
    if (error) skipped.push_back({folder, "unreadable folder: " + error.message()});
    std::sort(listing.images.begin(), listing.images.end());
    std::sort(listing.folders.begin(), listing.folders.end());
    return listing;
}

/// Image files anywhere under `folder` (hidden entries excluded). Linked subfolders are not
/// entered (as Keras' os.walk does not), which also rules out link loops; `folder` itself may be
/// a link.
void collectImages(const fs::path& folder, std::vector<fs::path>& images, std::vector<SkippedFile>& skipped) {
    const auto listing = list(folder, skipped);
    images.insert(images.end(), listing.images.begin(), listing.images.end());
    for (const auto& sub : listing.folders) {
        std::error_code error;
        if (!fs::is_symlink(sub, error)) collectImages(sub, images, skipped);
    }
}

/// root/<class>/**/<image>: one candidate per image file; images directly in `root` are skipped.
std::vector<Candidate> classFolderCandidates(const fs::path& root, std::vector<SkippedFile>& skipped) {
    const auto listing = list(root, skipped);
    for (const auto& image : listing.images) skipped.push_back({image, "not inside a class folder"});
    std::vector<Candidate> candidates;
    std::error_code error;
    const auto realRoot = fs::weakly_canonical(root, error);
    for (const auto& folder : listing.folders) {
        if (fs::is_symlink(folder, error)) {
            // A link to the dataset folder or above it (loop -> .) would hold every image as one class.
            const auto target = fs::weakly_canonical(folder, error);
            const auto [end, rest] = std::mismatch(target.begin(), target.end(), realRoot.begin(), realRoot.end());
            if (!error && end == target.end()) {
                skipped.push_back({folder, "a link to the dataset folder itself or above it, not a class: left out"});
                continue;
            }
        }
        std::vector<fs::path> images;
        collectImages(folder, images, skipped);
        if (images.empty()) {
            skipped.push_back(
                {folder, "an empty class folder (no images): no class '" + folder.filename().string() + "'"});
            continue;
        }
        std::sort(images.begin(), images.end());
        for (auto& image : images) candidates.push_back({std::move(image), folder.filename().string()});
    }
    return candidates;
}

/// The class of a Kaggle-style name "<class>.<rest>.<ext>", e.g. "cat" for "cat.12.jpg".
std::optional<std::string> kaggleClass(const fs::path& file) {
    const auto stem = file.stem().string();
    const auto dot = stem.find('.');
    if (dot == std::string::npos || dot == 0 || dot + 1 == stem.size()) return std::nullopt;
    return stem.substr(0, dot);
}

std::vector<Candidate> kaggleCandidates(const fs::path& root, std::vector<SkippedFile>& skipped) {
    std::vector<Candidate> candidates;
    for (const auto& image : list(root, skipped).images) {
        if (auto name = kaggleClass(image)) {
            candidates.push_back({image, std::move(*name)});
        } else {
            skipped.push_back({image, "name is not <class>.<anything>.<extension> (e.g. cat.1.jpg)"});
        }
    }
    return candidates;
}

/// The split folders found directly under `root` ("val" and "valid" count as validation),
/// matched case-insensitively. Throws when two folders claim the same split.
std::map<SplitName, fs::path> findSplitFolders(const fs::path& root) {
    std::map<SplitName, fs::path> found;
    std::vector<SkippedFile> ignored;
    for (const auto& folder : list(root, ignored).folders) {
        const auto name = lowercase(folder.filename().string());
        std::optional<SplitName> split;
        if (name == "train") split = SplitName::Train;
        if (name == "validation" || name == "val" || name == "valid") split = SplitName::Validation;
        if (name == "test") split = SplitName::Test;
        if (!split) continue;
        if (auto [it, inserted] = found.emplace(*split, folder); !inserted) {
            throw Error(root.string() + ": both '" + it->second.filename().string() + "' and '" +
                        folder.filename().string() + "' are " + std::string(toString(*split)) + " folders; keep one");
        }
    }
    return found;
}

bool looksLikeSplitFolders(const fs::path& root) {
    const auto splits = findSplitFolders(root);
    if (!splits.count(SplitName::Train) || splits.size() < 2) return false;
    std::vector<SkippedFile> ignored;
    return !list(splits.at(SplitName::Train), ignored).folders.empty();
}

bool looksLikeKaggle(const fs::path& root) {
    std::vector<SkippedFile> ignored;
    const auto images = list(root, ignored).images;
    const auto named =
        std::count_if(images.begin(), images.end(), [](const auto& f) { return kaggleClass(f).has_value(); });
    return named > 0 && static_cast<std::size_t>(named) * 2 > images.size();
}

bool hasClassFolders(const fs::path& root) {
    std::vector<SkippedFile> ignored;
    for (const auto& folder : list(root, ignored).folders) {
        std::vector<fs::path> images;
        collectImages(folder, images, ignored);
        if (!images.empty()) return true;
    }
    return false;
}

DatasetLayout detectLayout(const fs::path& root) {
    if (looksLikeSplitFolders(root)) return DatasetLayout::SplitFolders;
    if (looksLikeKaggle(root)) return DatasetLayout::KaggleFlat;
    if (hasClassFolders(root)) return DatasetLayout::ClassFolders;
    std::vector<SkippedFile> ignored;
    if (!list(root, ignored).images.empty()) {
        throw Error(root.string() +
                    ": cannot tell the classes: the images are not named <class>.<anything>.<ext> "
                    "(e.g. cat.1.jpg) and there are no class folders (<class>/<image>)");
    }
    throw Error("no images found in " + root.string());
}

/// Counts the files checked for a ScanControl: reports progress now and then, stops when asked.
class ScanTicker {
public:
    ScanTicker(const ScanControl& control, const fs::path& root, std::size_t total)
        : control_(control), root_(root), total_(total), step_(std::max<std::size_t>(1, total / 100)) {
        checkStop();
    }

    /// One more file checked.
    void tick() {
        checkStop();
        ++checked_;
        if (control_.progress && (checked_ % step_ == 0 || checked_ == total_)) control_.progress({checked_, total_});
    }

private:
    void checkStop() const {
        if (control_.stop && control_.stop->load()) {
            throw ScanStopped("the scan of " + root_.string() + " was stopped after " + std::to_string(checked_) +
                              " of " + std::to_string(total_) + " files");
        }
    }

    const ScanControl& control_;
    const fs::path& root_;
    std::size_t total_;
    std::size_t step_;
    std::size_t checked_ = 0;
};

/// Labels candidates against the sorted class list, moving unusable files to `skipped`.
std::vector<Sample> toSamples(const std::vector<Candidate>& candidates, const std::vector<std::string>& classes,
                              std::vector<SkippedFile>& skipped, ScanTicker& ticker) {
    std::vector<Sample> samples;
    for (const auto& candidate : candidates) {
        ticker.tick();
        if (auto problem = ImageDecoder::findProblem(candidate.path)) {
            skipped.push_back({candidate.path, *problem});
            continue;
        }
        const auto it = std::lower_bound(classes.begin(), classes.end(), candidate.className);
        samples.push_back({candidate.path, static_cast<int>(it - classes.begin())});
    }
    std::sort(samples.begin(), samples.end(), [](const Sample& a, const Sample& b) { return a.path < b.path; });
    return samples;
}

std::vector<std::string> classesOf(const std::vector<std::vector<Candidate>>& parts) {
    std::set<std::string> names;
    for (const auto& part : parts) {
        for (const auto& candidate : part) names.insert(candidate.className);
    }
    return {names.begin(), names.end()};
}

void scanSplitFolders(Dataset& dataset, const ScanControl& control) {
    const auto splits = findSplitFolders(dataset.root);
    if (!splits.count(SplitName::Train)) {
        throw Error(dataset.root.string() +
                    ": no train folder (the split-folders layout is "
                    "train/<class>/<image> plus validation/ and/or test/)");
    }
    std::vector<std::vector<Candidate>> parts(kAllSplits.size());
    for (const auto& [split, folder] : splits) {
        parts[static_cast<std::size_t>(split)] = classFolderCandidates(folder, dataset.skipped);
    }
    dataset.classes = classesOf(parts);
    std::size_t total = 0;
    for (const auto& part : parts) total += part.size();
    ScanTicker ticker(control, dataset.root, total);
    SplitSet set;
    set.classes = dataset.classes;
    for (auto split : kAllSplits) {
        set.part(split) = toSamples(parts[static_cast<std::size_t>(split)], dataset.classes, dataset.skipped, ticker);
    }
    dataset.predefined = std::move(set);
}

void scanUnsplit(Dataset& dataset, const std::vector<Candidate>& candidates, const ScanControl& control) {
    dataset.classes = classesOf({candidates});
    ScanTicker ticker(control, dataset.root, candidates.size());
    dataset.unsplit = toSamples(candidates, dataset.classes, dataset.skipped, ticker);
}

/// The folder to scan for `given`: the folder itself, or a zip archive (or a folder inside one).
/// An archive whose top holds a single folder and no images, as Kaggle's train.zip holds train/,
/// is read from that folder. Throws tl::Error when there is nothing to scan.
fs::path readableRoot(const fs::path& given) {
    std::error_code error;
    if (fs::is_directory(given, error)) return given;
    const auto where = findArchivedPath(given);
    if (!where) {
        if (!fs::exists(given, error)) throw Error("dataset folder not found: " + given.string());
        throw Error("not a folder: " + given.string());
    }
    const auto archive = ZipArchive::shared(where->archive);
    if (!archive->hasFolder(where->inner)) {
        throw Error("dataset folder not found: " + given.string() + " (no folder '" + where->inner + "' in " +
                    where->archive.string() + ")");
    }
    auto root = given;
    auto inner = where->inner;
    for (;;) {
        const auto listing = archive->list(inner);
        const bool images = std::any_of(listing.files.begin(), listing.files.end(),
                                        [](const std::string& name) { return ImageDecoder::hasImageExtension(name); });
        if (images || listing.folders.size() != 1) {
            const auto zipped = std::find_if(listing.files.begin(), listing.files.end(),
                                             [](const std::string& name) { return hasZipExtension(name); });
            if (!images && listing.folders.empty() && zipped != listing.files.end()) {
                // Kaggle's download of the whole competition holds train.zip inside dogs-vs-cats.zip.
                throw Error(given.string() + " holds another archive, " + *zipped +
                            ", and no images: extract it (unzip " + where->archive.filename().string() + " " + *zipped +
                            ") and open that one");
            }
            return root;
        }
        root /= listing.folders.front();
        inner += (inner.empty() ? "" : "/") + listing.folders.front();
    }
}

}  // namespace

Dataset scanDataset(const std::filesystem::path& given, DatasetLayout layout, const ScanControl& control) {
    const auto root = readableRoot(given);
    Dataset dataset;
    dataset.root = root;
    dataset.layout = layout == DatasetLayout::Auto ? detectLayout(root) : layout;
    switch (dataset.layout) {
        case DatasetLayout::SplitFolders:
            scanSplitFolders(dataset, control);
            break;
        case DatasetLayout::KaggleFlat:
            scanUnsplit(dataset, kaggleCandidates(root, dataset.skipped), control);
            break;
        default:
            scanUnsplit(dataset, classFolderCandidates(root, dataset.skipped), control);
            break;
    }

    std::sort(dataset.skipped.begin(), dataset.skipped.end(),
              [](const SkippedFile& a, const SkippedFile& b) { return a.path < b.path; });
    const auto counts = dataset.countsPerClass();
    std::size_t usable = 0;
    for (auto count : counts) usable += count;
    if (usable == 0) {
        if (dataset.skipped.empty()) {
            throw Error("no images found in " + root.string() + " (layout " + std::string(toString(dataset.layout)) +
                        ")");
        }
        const auto& first = dataset.skipped.front();
        throw Error("no usable images in " + root.string() + ": " + std::to_string(dataset.skipped.size()) +
                    " file(s) skipped, e.g. " + first.path.string() + ": " + first.reason);
    }
    return dataset;
}

}  // namespace tl
