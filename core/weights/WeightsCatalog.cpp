#include "core/weights/WeightsCatalog.h"

#include <algorithm>

#include "core/util/Error.h"
#include "core/util/TextList.h"

namespace tl {
namespace {

constexpr const char* kTorchvisionUrl = "https://download.pytorch.org/models/";
// keras.applications (keras/src/applications/*.py) downloads from here.
constexpr const char* kKerasUrl = "https://storage.googleapis.com/tensorflow/keras-applications/";

PretrainedFile torchvision(const std::string& backbone, const std::string& stem, const std::string& hash) {
    const auto name = stem + "-" + hash + ".pth";
    return {backbone,
            "torchvision",
            name,
            kTorchvisionUrl + name,
            {HashAlgorithm::Sha256, hash},
            true,
            Preprocessing::Torchvision};
}

PretrainedFile keras(const std::string& backbone, const std::string& folder, const std::string& name,
                     const std::string& md5, bool includeTop, Preprocessing preprocessing) {
    return {backbone,   "keras",      name, kKerasUrl + folder + "/" + name, {HashAlgorithm::Md5, md5},
            includeTop, preprocessing};
}

/// keras.applications' pair of files named `stem` + ".h5" / `stem` + "_notop.h5".
void addKerasPair(std::vector<PretrainedFile>& catalog, const std::string& backbone, const std::string& folder,
                  const std::string& stem, const std::string& topMd5, const std::string& noTopMd5,
                  Preprocessing preprocessing) {
    catalog.push_back(keras(backbone, folder, stem + ".h5", topMd5, true, preprocessing));
    catalog.push_back(keras(backbone, folder, stem + "_notop.h5", noTopMd5, false, preprocessing));
}

/// MobileNet v1 at width `alphaText` ("1_0", "7_5", "5_0", "2_5") and input 224. Keras checks no
/// hash for these files, so none is stored.
void addMobileNet(std::vector<PretrainedFile>& catalog, const std::string& backbone, const std::string& alphaText) {
    const auto stem = "mobilenet_" + alphaText + "_224_tf";
    catalog.push_back(keras(backbone, "mobilenet", stem + ".h5", "", true, Preprocessing::Tf));
    catalog.push_back(keras(backbone, "mobilenet", stem + "_no_top.h5", "", false, Preprocessing::Tf));
}

std::vector<PretrainedFile> buildCatalog() {
    std::vector<PretrainedFile> catalog{torchvision("vgg16", "vgg16", "397923af")};
    addKerasPair(catalog, "vgg16", "vgg16", "vgg16_weights_tf_dim_ordering_tf_kernels",
                 "64373286793e3c8b2b4e3219cbf3544b", "6d6bbae143d832006294945121d1f1fc", Preprocessing::Caffe);
    catalog.push_back(torchvision("vgg19", "vgg19", "dcbb9e9d"));
    addKerasPair(catalog, "vgg19", "vgg19", "vgg19_weights_tf_dim_ordering_tf_kernels",
                 "cbe5617147190e668d6c5d5026f83318", "253f8cb515780f3b799900260a226db6", Preprocessing::Caffe);
    catalog.push_back(torchvision("resnet18", "resnet18", "f37072fd"));
    catalog.push_back(torchvision("resnet50", "resnet50", "0676ba61"));
    // keras.applications.resnet (Keras >= 2.2.5, tf.keras). Keras <= 2.2.4 served other files under the
    // same names (github.com/fchollet/deep-learning-models v0.2, other layer names; MD5
    // a7b3fe01876f51b976af0dea6bc144eb, notop a268eb855778b3df3c7506639542a6af): they show as mismatches.
    addKerasPair(catalog, "resnet50_keras", "resnet", "resnet50_weights_tf_dim_ordering_tf_kernels",
                 "2cb95161c43110f7111970584f804107", "4d473c1dd8becc155b73f8504c6f6626", Preprocessing::Caffe);
    catalog.push_back(torchvision("mobilenet_v2", "mobilenet_v2", "b0353104"));
    catalog.push_back(torchvision("squeezenet1_1", "squeezenet1_1", "b8a52dc0"));
    // torchvision's Inception v3 was trained on x/127.5 - 1: torchvision's model turns normalised input
    // back into that (transform_input); core's base has no such step, so it takes tf preprocessing.
    auto inception = torchvision("inception_v3", "inception_v3_google", "0cc3c7bd");
    inception.preprocessing = Preprocessing::Tf;
    catalog.push_back(inception);
    addKerasPair(catalog, "inception_v3", "inception_v3", "inception_v3_weights_tf_dim_ordering_tf_kernels",
                 "9a0d58056eeedaa3f26cb7ebd46da564", "bcbd6486424b2319ff4ef7d526e38f63", Preprocessing::Tf);
    addKerasPair(catalog, "xception", "xception", "xception_weights_tf_dim_ordering_tf_kernels",
                 "0a58e3b7378bc2990ea3b43d5981f1f6", "b0042744bf5b25fce3cb969f33bebb97", Preprocessing::Tf);
    addMobileNet(catalog, "mobilenet_v1", "1_0");
    addMobileNet(catalog, "mobilenet_v1_075", "7_5");
    addMobileNet(catalog, "mobilenet_v1_050", "5_0");
    addMobileNet(catalog, "mobilenet_v1_025", "2_5");
    return catalog;
}

std::string knownBackbones() {
    std::vector<std::string> names;
    for (const auto& entry : imagenetCatalog()) {
        if (std::find(names.begin(), names.end(), entry.backbone) == names.end()) names.push_back(entry.backbone);
    }
    return commaList(names);
}

}  // namespace

const std::vector<PretrainedFile>& imagenetCatalog() {
    static const std::vector<PretrainedFile> catalog = buildCatalog();
    return catalog;
}

std::vector<PretrainedFile> imagenetFiles(const std::string& backbone) {
    std::vector<PretrainedFile> files;
    for (const auto& entry : imagenetCatalog()) {
        if (entry.backbone == backbone) files.push_back(entry);
    }
    if (files.empty()) {
        throw Error("backbone '" + backbone + "' has no ImageNet weights (it is trained from scratch); use weights " +
                    "\"random\", or one of " + knownBackbones());
    }
    return files;
}

std::vector<PretrainedFile> imagenetCandidates(const std::string& backbone, bool includeTop,
                                               const std::string& source) {
    if (!source.empty() && source != "torchvision" && source != "keras") {
        throw Error("unknown weights source '" + source + "': expected torchvision or keras");
    }
    std::vector<PretrainedFile> candidates;
    std::string sources;
    for (const auto& entry : imagenetFiles(backbone)) {
        if (sources.find(entry.source) == std::string::npos) sources += (sources.empty() ? "" : " and ") + entry.source;
        const bool fits = entry.source == "torchvision" || entry.includeTop == includeTop;
        if (fits && (source.empty() || entry.source == source)) candidates.push_back(entry);
    }
    if (candidates.empty()) {
        throw Error("backbone '" + backbone + "' has no " + source + " ImageNet weights; it has " + sources +
                    " weights");
    }
    return candidates;
}

const PretrainedFile* catalogEntryNamed(const std::string& fileName) {
    for (const auto& entry : imagenetCatalog()) {
        if (entry.fileName == fileName) return &entry;
    }
    return nullptr;
}

DigestCheck checkPublishedDigest(const PretrainedFile& entry, const std::filesystem::path& file) {
    DigestCheck check;
    check.actual = fileDigest(file, entry.digest.algorithm);
    if (!entry.digest.published())
        check.verdict = DigestCheck::Verdict::NotPublished;
    else if (entry.digest.matches(check.actual))
        check.verdict = DigestCheck::Verdict::Matches;
    else
        check.verdict = DigestCheck::Verdict::Differs;
    return check;
}

std::string requirePublishedDigest(const PretrainedFile& entry, const std::filesystem::path& file) {
    const auto check = checkPublishedDigest(entry, file);
    if (check.verdict == DigestCheck::Verdict::Differs) {
        throw Error(file.string() + " is not the published file: its " + std::string(toString(entry.digest.algorithm)) +
                    " is " + check.actual + ", the publisher's is " + entry.digest.hex +
                    " (a partial or corrupted download?)");
    }
    return check.actual;
}

}  // namespace tl
