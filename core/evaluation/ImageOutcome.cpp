#include "core/evaluation/ImageOutcome.h"

#include <algorithm>

namespace tl {

std::vector<ImageOutcome> mostConfidentlyWrong(const std::vector<ImageOutcome>& outcomes) {
    std::vector<ImageOutcome> wrong;
    std::copy_if(outcomes.begin(), outcomes.end(), std::back_inserter(wrong),
                 [](const ImageOutcome& outcome) { return outcome.wrong(); });
    std::stable_sort(wrong.begin(), wrong.end(),
                     [](const ImageOutcome& a, const ImageOutcome& b) { return a.confidence() > b.confidence(); });
    return wrong;
}

}  // namespace tl
