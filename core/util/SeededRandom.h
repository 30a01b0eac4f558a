#pragma once
#include <cstdint>
#include <random>
#include <utility>
#include <vector>

namespace tl {

/// splitmix64: mixes a seed and a key into a well-spread 64-bit value. Used to derive
/// independent, order-free random streams (per epoch, per sample) from one run seed.
inline std::uint64_t mixSeed(std::uint64_t seed, std::uint64_t key) {
    std::uint64_t z = seed + 0x9E3779B97F4A7C15ULL * (key + 1);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

/// Fisher-Yates with std::mt19937_64 and a modulo draw: unlike std::shuffle, the result is the
/// same with every standard library, so a seed means the same order on every machine.
template <typename T>
void shuffleSeeded(std::vector<T>& items, std::uint64_t seed) {
    std::mt19937_64 random(seed);
    for (std::size_t i = items.size(); i > 1; --i) {
        const auto j = static_cast<std::size_t>(random() % i);
        std::swap(items[i - 1], items[j]);
    }
}

}  // namespace tl
