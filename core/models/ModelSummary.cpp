#include "core/models/ModelSummary.h"

#include <algorithm>
#include <sstream>

namespace tl {
namespace {

/// 16812353 -> "16,812,353".
std::string withThousands(std::int64_t value) {
    const auto digits = std::to_string(value < 0 ? -value : value);
    std::string text;
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0) text += ',';
        text += digits[i];
    }
    return value < 0 ? "-" + text : text;
}

/// (C, H, W) -> "(None, C, H, W)", the batch shown as Keras shows it.
std::string shapeText(const std::vector<std::int64_t>& shape) {
    std::string text = "(None";
    for (const auto size : shape) text += ", " + std::to_string(size);
    return text + ")";
}

std::string padded(const std::string& text, std::size_t width) {
    return text.size() >= width ? text : text + std::string(width - text.size(), ' ');
}

}  // namespace

std::string ModelSummary::format() const {
    struct Row {
        std::string layer, shape, parameters, trainable;
    };
    std::vector<Row> rows{{"Layer (type)", "Output Shape", "Param #", "Trainable"}};
    for (const auto& layer : layers) {
        rows.push_back({layer.name + " (" + layer.type + ")", shapeText(layer.outputShape),
                        withThousands(layer.parameters), layer.trainable ? "Y" : "N"});
    }
    std::size_t layerWidth = 0;
    std::size_t shapeWidth = 0;
    std::size_t parameterWidth = 0;
    for (const auto& row : rows) {
        layerWidth = std::max(layerWidth, row.layer.size() + 1);
        shapeWidth = std::max(shapeWidth, row.shape.size());
        parameterWidth = std::max(parameterWidth, row.parameters.size());
    }
    layerWidth += 3;
    shapeWidth += 3;
    parameterWidth += 3;
    const std::size_t lineWidth = layerWidth + shapeWidth + parameterWidth + rows.front().trainable.size();

    std::ostringstream out;
    auto printRow = [&](const Row& row) {
        out << padded(" " + row.layer, layerWidth) << padded(row.shape, shapeWidth)
            << padded(row.parameters, parameterWidth) << row.trainable << '\n';
    };
    out << std::string(lineWidth, '_') << '\n';
    printRow(rows.front());
    out << std::string(lineWidth, '=') << '\n';
    for (std::size_t i = 1; i < rows.size(); ++i) {
        // A rule between the convolutional base and the head.
        if (i > 1 && layers[i - 2].inBase && !layers[i - 1].inBase) out << std::string(lineWidth, '-') << '\n';
        printRow(rows[i]);
    }
    out << std::string(lineWidth, '=') << '\n';
    out << "Total params: " << withThousands(totalParameters) << '\n';
    out << "Trainable params: " << withThousands(trainableParameters) << '\n';
    out << "Non-trainable params: " << withThousands(nonTrainableParameters) << '\n';
    out << std::string(lineWidth, '_') << '\n';
    return out.str();
}

}  // namespace tl
