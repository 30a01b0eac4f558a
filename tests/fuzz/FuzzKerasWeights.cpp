// A Keras 2 HDF5 weights file walked as the Keras reader walks it (layer_names, each layer's
// weight_names, each weight's shape and values), through Hdf5File. Damaged files are a
// tl::Error, never a crash. (The walk is written out here: the Keras reader itself returns
// tensors, and the fuzz build compiles no LibTorch code of its own beyond the checkpoint reader.)
#include <cstdint>
#include <string>

#include "core/util/Error.h"
#include "core/weights/keras/internal/Hdf5File.h"
#include "tests/fuzz/FuzzInput.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const auto file = tl::fuzz::asFile(data, size, ".h5");
    if (!tl::internal::looksLikeHdf5(file)) return 0;
    try {
        const tl::internal::Hdf5File h5(file);
        std::string root = "/";
        if (!h5.hasAttribute(root, "layer_names")) {
            if (!h5.hasGroup("/model_weights")) return 0;
            root = "/model_weights/";
        }
        for (const auto& layer : h5.stringListAttribute(root, "layer_names")) {
            const auto group = root + layer;
            if (!h5.hasGroup(group)) continue;
            for (const auto& weight : h5.stringListAttribute(group, "weight_names")) {
                try {
                    const auto dataset = group + "/" + weight;
                    h5.datasetShape(dataset);
                    h5.readFloats(dataset);
                } catch (const tl::Error&) {
                }
            }
        }
    } catch (const tl::Error&) {
    }
    return 0;
}
