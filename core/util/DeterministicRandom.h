#pragma once
#include <cstddef>
#include <cstdint>
#include <limits>
#include <string_view>
#include <utility>

namespace tl {

/// Random numbers that come out the same with every standard library, compiler and platform
/// (std::uniform_*_distribution and std::shuffle may differ between libraries; these do not).
/// Used where a seed must reproduce the same split or augmentation on every machine.

/// splitmix64's finaliser: a bijective mix of 64 bits.
constexpr std::uint64_t mix64(std::uint64_t x) {
    x += 0x9E3779B97F4A7C15ULL;
    x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
    x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
    return x ^ (x >> 31);
}

/// An order-sensitive combination of two values into a seed.
constexpr std::uint64_t combineSeed(std::uint64_t a, std::uint64_t b) {
    return mix64(mix64(a) ^ (b + 0x632BE59BD9B4E019ULL + (a << 6) + (a >> 2)));
}

/// 64-bit FNV-1a of the bytes of `text`: a hash that never changes between runs or machines.
constexpr std::uint64_t stableHash(std::string_view text) {
    std::uint64_t hash = 0xCBF29CE484222325ULL;
    for (char c : text) hash = (hash ^ static_cast<std::uint8_t>(c)) * 0x100000001B3ULL;
    return hash;
}

/// The splitmix64 generator: a 64-bit state stepped by a constant, each output mixed.
class SplitMix64 {
public:
    using result_type = std::uint64_t;
    explicit SplitMix64(std::uint64_t seed) : state_(seed) {}
    std::uint64_t operator()() {
        const std::uint64_t current = state_;
        state_ += 0x9E3779B97F4A7C15ULL;
        return mix64(current);
    }

private:
    std::uint64_t state_;
};

/// Uniform in [0, 1) with 53 random bits, from any engine giving 64 random bits per call.
template <class Engine>
double uniformUnit(Engine& engine) {
    return static_cast<double>(engine() >> 11) * 0x1.0p-53;
}

/// Uniform integer in [0, bound), bound > 0, without modulo bias (rejection sampling).
template <class Engine>
std::uint64_t uniformBelow(Engine& engine, std::uint64_t bound) {
    constexpr std::uint64_t kMax = std::numeric_limits<std::uint64_t>::max();
    const std::uint64_t limit = kMax - kMax % bound;  // values below it map evenly onto [0, bound)
    std::uint64_t value = engine();
    while (value >= limit) value = engine();
    return value % bound;
}

/// Fisher-Yates shuffle driven by uniformBelow, so the permutation depends only on the engine's
/// output, not on the standard library.
template <class Container, class Engine>
void shuffleDeterministically(Container& items, Engine& engine) {
    for (std::size_t i = items.size(); i > 1; --i) {
        const auto j = static_cast<std::size_t>(uniformBelow(engine, i));
        using std::swap;
        swap(items[i - 1], items[j]);
    }
}

}  // namespace tl
