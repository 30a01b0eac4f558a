#pragma once
// For test executables built with TORCH: reading the reference outputs the fixture scripts save.
#include <torch/torch.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <utility>
#include <vector>

namespace tl::test {

/// {"input": x, "output": y} as a fixture script saved it with torch.save (a plain dict, which
/// LibTorch's own pickle reader handles; this keeps references independent of the loader under
/// test).
inline std::pair<torch::Tensor, torch::Tensor> readReference(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    const std::vector<char> bytes{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    const auto dict = torch::pickle_load(bytes).toGenericDict();
    return {dict.at("input").toTensor(), dict.at("output").toTensor()};
}

}  // namespace tl::test
