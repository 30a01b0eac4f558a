#include "ui/charts/CurveSmoother.h"

#include <algorithm>
#include <cmath>

namespace tl::ui {

double CurveSmoother::clampWeight(double weight) {
    if (std::isnan(weight)) return kMinWeight;
    return std::clamp(weight, kMinWeight, kMaxWeight);
}

std::vector<double> CurveSmoother::smooth(const std::vector<double>& points, double weight, SmoothingFormula formula) {
    weight = clampWeight(weight);
    if (weight == 0.0) return points;
    return formula == SmoothingFormula::Lecture ? smoothLecture(points, weight) : smoothTensorBoard(points, weight);
}

std::vector<double> CurveSmoother::smoothLecture(const std::vector<double>& points, double factor) {
    std::vector<double> smoothed;
    smoothed.reserve(points.size());
    bool started = false;
    double previous = 0;
    for (const double point : points) {
        if (!std::isfinite(point)) {
            smoothed.push_back(point);
            continue;
        }
        previous = started ? previous * factor + point * (1 - factor) : point;
        started = true;
        smoothed.push_back(previous);
    }
    return smoothed;
}

std::vector<double> CurveSmoother::smoothTensorBoard(const std::vector<double>& points, double weight) {
    // TensorBoard's test is `v == y[0]`, so a series holding a NaN is never "constant".
    const bool constant = std::all_of(points.begin(), points.end(), [&](double v) { return v == points.front(); });
    if (constant) return points;
    std::vector<double> smoothed;
    smoothed.reserve(points.size());
    double last = 0;
    int counted = 0;
    for (const double point : points) {
        if (!std::isfinite(point)) {
            smoothed.push_back(point);
            continue;
        }
        last = last * weight + (1 - weight) * point;
        ++counted;
        // Starting from 0 biases the average towards 0 by a factor (1 - w^n); dividing removes it.
        smoothed.push_back(last / (1 - std::pow(weight, counted)));
    }
    return smoothed;
}

}  // namespace tl::ui
