#include "core/data/ImagenetLabels.h"

#include <fstream>

#include "core/util/Error.h"
#include "core/util/ResourceFolder.h"

namespace tl {

std::vector<std::string> readLabelsFile(const std::filesystem::path& file) {
    std::ifstream in(file);
    if (!in) throw Error("cannot read " + file.string());
    std::vector<std::string> labels;
    for (std::string line; std::getline(in, line);) {
        line.erase(line.find_last_not_of(" \t\r") + 1);
        labels.push_back(line);
    }
    if (!labels.empty() && labels.back().empty()) labels.pop_back();
    return labels;
}

const std::vector<std::string>& imagenetLabels() {
    static const std::vector<std::string> labels = [] {
        const auto file = resourceFolder() / "imagenet_labels.txt";
        auto names = readLabelsFile(file);
        if (names.size() != 1000) {
            throw Error(file.string() + " holds " + std::to_string(names.size()) + " names; ImageNet has 1000");
        }
        return names;
    }();
    return labels;
}

}  // namespace tl
