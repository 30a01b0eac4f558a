#pragma once
#include <vector>

namespace tl::ui {

/// The two smoothing conventions a user will recognise (docs/design.md §2).
enum class SmoothingFormula {
    Lecture,      ///< DLwP's smooth_curve: s0 = p0, s_i = s_{i-1}*f + p_i*(1-f); no debiasing
    TensorBoard,  ///< TensorBoard's classicSmoothing: EMA from 0, divided by (1 - w^n)
};

/// Exponential moving averages of a curve. Plain C++ (no Qt), stateless.
class CurveSmoother {
public:
    static constexpr double kMinWeight = 0.0;
    static constexpr double kMaxWeight = 0.99;

    /// Smooths `points` with `weight` (clamped to [kMinWeight, kMaxWeight]; weight 0 returns the
    /// points unchanged). The result has as many values as `points`.
    ///
    /// Lecture: exactly DLwP's smooth_curve for finite input. A non-finite point (a diverged
    /// batch) is passed through and skipped, where DLwP would turn every later value into NaN.
    /// TensorBoard: exactly classicSmoothing: non-finite points are passed through and not counted
    /// in n, a constant series is returned unchanged.
    static std::vector<double> smooth(const std::vector<double>& points, double weight, SmoothingFormula formula);

    /// `weight` limited to [kMinWeight, kMaxWeight]; NaN becomes 0.
    static double clampWeight(double weight);

private:
    static std::vector<double> smoothLecture(const std::vector<double>& points, double factor);
    static std::vector<double> smoothTensorBoard(const std::vector<double>& points, double weight);
};

}  // namespace tl::ui
