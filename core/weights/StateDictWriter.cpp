#include "core/weights/StateDictWriter.h"

#include <torch/torch.h>

#include <string_view>

#include "core/models/internal/Network.h"
#include "core/util/AtomicFile.h"
#include "core/util/Error.h"
#include "core/util/UserMessage.h"

namespace tl {
namespace {

void addTensors(c10::Dict<std::string, torch::Tensor>& dict, const torch::nn::Module& module,
                const std::string& prefix) {
    for (const auto& item : module.named_parameters()) {
        dict.insert(prefix + item.key(), item.value().detach().contiguous().clone());
    }
    for (const auto& item : module.named_buffers()) {
        dict.insert(prefix + item.key(), item.value().detach().contiguous().clone());
    }
}

}  // namespace

void writeStateDict(const Model& model, const std::filesystem::path& file, bool includeHead) {
    const auto& network = model.network();
    c10::Dict<std::string, torch::Tensor> dict;
    std::vector<char> bytes;
    try {
        addTensors(dict, *network.pretrainedModule(), "");
        if (includeHead && model.spec().head.kind != HeadKind::Imagenet) {
            addTensors(dict, *network.headModule(), "classifier.");
        }
        bytes = torch::pickle_save(c10::IValue(dict));
    } catch (const c10::Error& error) {
        throw Error("cannot write weights file " + file.string() + ": " + userMessage(error));
    }
    writeFileAtomically(file, std::string_view(bytes.data(), bytes.size()));
}

}  // namespace tl
