#include "core/evaluation/ClassificationReport.h"

namespace tl {
namespace {

double ratio(std::size_t part, std::size_t whole) {
    return whole == 0 ? 0.0 : static_cast<double>(part) / static_cast<double>(whole);
}

}  // namespace

ClassificationReport ClassificationReport::of(const ConfusionMatrix& confusion) {
    ClassificationReport report;
    const auto classes = confusion.size();
    for (std::size_t c = 0; c < classes; ++c) {
        std::size_t predictedAsC = 0, ofC = 0;
        for (std::size_t other = 0; other < classes; ++other) {
            predictedAsC += confusion[other][c];
            ofC += confusion[c][other];
        }
        ClassScores scores;
        scores.precision = ratio(confusion[c][c], predictedAsC);
        scores.recall = ratio(confusion[c][c], ofC);
        const auto sum = scores.precision + scores.recall;
        scores.f1 = sum == 0 ? 0.0 : 2 * scores.precision * scores.recall / sum;
        scores.support = ofC;
        report.perClass.push_back(scores);
        report.macro.precision += scores.precision;
        report.macro.recall += scores.recall;
        report.macro.f1 += scores.f1;
        report.macro.support += ofC;
    }
    if (classes > 0) {
        report.macro.precision /= static_cast<double>(classes);
        report.macro.recall /= static_cast<double>(classes);
        report.macro.f1 /= static_cast<double>(classes);
    }
    return report;
}

}  // namespace tl
