#pragma once
#include <cstddef>
#include <vector>

namespace tl::ui {

/// Thins a long curve for drawing (min-max decimation). A chart a few hundred pixels wide cannot
/// show 10,000 batches apart, but redrawing them all costs time on every refresh; keeping, for
/// each of `buckets` equal slices of the x range, only the lowest and the highest point keeps
/// every spike and the curve's envelope at a bounded cost. Plain C++ (no Qt), stateless.
class CurveDecimator {
public:
    /// The indices of the points to draw, ascending. `xs` must be sorted ascending and as long
    /// as `ys`; every value finite. A curve of at most 2 * `buckets` points is kept whole; else
    /// the first and last points are kept, plus, per bucket, its lowest and highest point.
    static std::vector<std::size_t> keep(const std::vector<double>& xs, const std::vector<double>& ys, int buckets);
};

}  // namespace tl::ui
