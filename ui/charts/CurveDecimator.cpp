#include "ui/charts/CurveDecimator.h"

#include <algorithm>
#include <numeric>

namespace tl::ui {

std::vector<std::size_t> CurveDecimator::keep(const std::vector<double>& xs, const std::vector<double>& ys,
                                              int buckets) {
    const std::size_t count = std::min(xs.size(), ys.size());
    std::vector<std::size_t> kept;
    if (buckets < 1 || count <= 2 * static_cast<std::size_t>(buckets)) {
        kept.resize(count);
        std::iota(kept.begin(), kept.end(), std::size_t{0});
        return kept;
    }
    const double first = xs.front();
    const double width = xs[count - 1] - first;
    const auto bucketOf = [&](std::size_t i) {
        if (!(width > 0)) return 0;
        return std::min(buckets - 1, static_cast<int>((xs[i] - first) / width * buckets));
    };
    kept.reserve(2 * static_cast<std::size_t>(buckets) + 2);
    kept.push_back(0);
    std::size_t lowest = 0, highest = 0;
    int current = -1;
    const auto flush = [&] {
        if (current < 0) return;
        for (const auto index : {std::min(lowest, highest), std::max(lowest, highest)}) {
            if (kept.back() != index) kept.push_back(index);
        }
    };
    for (std::size_t i = 1; i + 1 < count; ++i) {
        const int bucket = bucketOf(i);
        if (bucket != current) {
            flush();
            current = bucket;
            lowest = highest = i;
        } else {
            if (ys[i] < ys[lowest]) lowest = i;
            if (ys[i] > ys[highest]) highest = i;
        }
    }
    flush();
    kept.push_back(count - 1);
    return kept;
}

}  // namespace tl::ui
