#pragma once
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "core/data/Preprocessing.h"
#include "core/models/Model.h"

namespace tl {

/// A tensor the model and the weights file both have, with different shapes.
struct ShapeMismatch {
    std::string name;
    std::vector<std::int64_t> expected;  ///< the model's shape
    std::vector<std::int64_t> file;      ///< the file's shape
};

/// What loading a weights file did (or, on a strict refusal, would have had to do).
struct WeightsReport {
    std::string source;  ///< family of the weights and their naming: "torchvision" or "keras"
    std::filesystem::path file;
    std::string sha256;                   ///< of the whole file, 64 lowercase hex digits
    std::size_t loaded = 0;               ///< tensors copied into the model
    std::vector<std::string> missing;     ///< the model's tensors the file lacks
    std::vector<std::string> unexpected;  ///< the file's tensors the model lacks
    std::vector<ShapeMismatch> mismatched;
    /// The file's classifier ("classifier.*", "fc.*", "AuxLogits.*"; Keras: fc1, fc2, predictions,
    /// conv_preds, any Dense): skipped because include_top is off.
    std::vector<std::string> ignoredTop;
    /// The input preprocessing these weights were trained with (docs/design.md §3).
    Preprocessing suggested = Preprocessing::Torchvision;
};

/// Loads the convolutional base of `model` from a PyTorch weights file (torch.save of a state
/// dict or of a checkpoint holding "state_dict" / "model"; zip or legacy container; torchvision
/// names) or a Keras 2 HDF5 file (recognised by its signature; save_weights or model.save layout;
/// layers by Keras name, automatically named ones by their number, weights by their order in the
/// layer, kernels converted from Keras' layout; shapes are reported in Keras' layout). The file
/// is read without executing anything: a pickle naming any global a state dict does not need is
/// refused. Every tensor is matched by name and shape before any is copied.
/// Strict: any missing, unexpected or mis-shaped tensor makes it throw tl::Error listing each one
/// by name with both shapes, and the model is left unchanged. Non-strict: what matches is loaded
/// and the rest is reported. A tensor's num_batches_tracked counter may be absent (older files
/// lack it; it does not affect outputs). With `includeTop` off the file's classifier tensors are
/// expected and skipped; with it on they must match the model too (core's Dense heads are not
/// torchvision classifiers, so they count as unexpected). A model whose head is the ImageNet
/// classifier (HeadKind::Imagenet) always takes the top: a file without it is missing tensors. Throws tl::Error for an
/// unreadable, damaged, truncated or unsupported file, or Keras weights for a backbone Keras has no counterpart for.
WeightsReport loadWeights(Model& model, const std::filesystem::path& file, bool strict = true, bool includeTop = false);

/// Loads the ImageNet weights of the model's backbone from a published file found offline by
/// findImagenetWeights() (WeightsLookup.h): torchvision's, else Keras' (with or without the top
/// as `includeTop` says, always with it for HeadKind::Imagenet). First checks the file against the published digest
/// (torchvision's SHA-256 prefix, Keras' MD5). Throws tl::Error with the URLs and the folder to put a file in when none
/// is on this machine, or for a backbone without ImageNet weights.
WeightsReport loadImagenetWeights(Model& model, bool strict = true, bool includeTop = false);

/// Applies an experiment's `weights` setting: "random" loads nothing (nullopt), "imagenet" calls
/// loadImagenetWeights(), anything else is the path of a weights file for loadWeights(). Without
/// the top; `strict` as for loadWeights().
std::optional<WeightsReport> applyWeightsSetting(Model& model, const std::string& weights, bool strict = true);

/// One line for a log: source, file, hash and counts.
std::string describe(const WeightsReport& report);

}  // namespace tl
