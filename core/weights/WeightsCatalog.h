#pragma once
#include <filesystem>
#include <string>
#include <vector>

#include "core/data/Preprocessing.h"
#include "core/weights/FileDigest.h"

namespace tl {

/// A published pretrained-weights file for one backbone.
struct PretrainedFile {
    std::string backbone;  ///< core's backbone name ("resnet18", "resnet50_keras")
    std::string source;    ///< family and naming of the file: "torchvision" or "keras"
    std::string fileName;  ///< canonical name ("resnet18-f37072fd.pth"); the name caches use
    std::string url;       ///< where its publisher serves it
    /// What its publisher promises: a SHA-256 prefix (torchvision's file-name suffix) or Keras'
    /// MD5; none for Keras' MobileNet files (keras.applications checks no hash for them).
    ExpectedDigest digest;
    /// The file holds the ImageNet classifier too. torchvision publishes one file with it;
    /// Keras one file with and one without ("_notop", "_no_top").
    bool includeTop = false;
    Preprocessing preprocessing = Preprocessing::Torchvision;  ///< what the weights were trained with
};

/// The ImageNet weights core knows of. torchvision 0.14's IMAGENET1K_V1 files (vgg16, vgg19,
/// resnet18, resnet50, mobilenet_v2, squeezenet1_1, inception_v3) and the keras.applications
/// files (vgg16, vgg19, resnet50_keras, inception_v3, xception, mobilenet_v1 at alpha 1.0, 0.75,
/// 0.5 and 0.25 with input 224), each with and without the top. Ordered by backbone, torchvision's
/// file first.
const std::vector<PretrainedFile>& imagenetCatalog();

/// The catalogue's files for `backbone`, torchvision's first. Throws tl::Error for a backbone
/// without ImageNet weights (small_convnet, tiny) or an unknown one.
std::vector<PretrainedFile> imagenetFiles(const std::string& backbone);

/// The files that can give `backbone` its base (and its classifier, with `includeTop`): the
/// torchvision file always, the Keras file of the matching kind. `source` "" means any, else
/// "torchvision" or "keras". Throws tl::Error when nothing fits, naming what exists.
std::vector<PretrainedFile> imagenetCandidates(const std::string& backbone, bool includeTop,
                                               const std::string& source = {});

/// The catalogue entry whose canonical name is `fileName`; nullptr if none.
const PretrainedFile* catalogEntryNamed(const std::string& fileName);

/// What a file's content says about a catalogue entry.
struct DigestCheck {
    enum class Verdict { Matches, Differs, NotPublished } verdict = Verdict::NotPublished;
    std::string actual;  ///< the file's full digest with the entry's algorithm
};

/// Hashes `file` with the entry's algorithm and compares it with the published digest. Reads the
/// whole file. Throws tl::Error if it cannot be read.
DigestCheck checkPublishedDigest(const PretrainedFile& entry, const std::filesystem::path& file);

/// checkPublishedDigest(), throwing tl::Error that names the file and both digests when they
/// differ. A file without a published digest passes. Returns the file's digest.
std::string requirePublishedDigest(const PretrainedFile& entry, const std::filesystem::path& file);

}  // namespace tl
