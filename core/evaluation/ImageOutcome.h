#pragma once
#include <filesystem>
#include <vector>

namespace tl {

/// One image of an evaluated split, as the model saw it.
struct ImageOutcome {
    std::filesystem::path file;
    int actual = 0;                     ///< class index
    int predicted = 0;                  ///< class index of the highest probability
    std::vector<double> probabilities;  ///< one per class, in the run's class order, summing to 1

    bool wrong() const { return actual != predicted; }
    /// The probability the model gave its own answer.
    double confidence() const { return probabilities.at(static_cast<std::size_t>(predicted)); }
};

/// The wrong predictions, most confidently wrong first (ties: in the given order).
std::vector<ImageOutcome> mostConfidentlyWrong(const std::vector<ImageOutcome>& outcomes);

}  // namespace tl
