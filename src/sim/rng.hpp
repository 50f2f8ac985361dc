// SPDX-License-Identifier: Apache-2.0
// Private: the simulator's random streams. xoshiro256** (Blackman & Vigna 2018) seeded through
// splitmix64: fast, 256 bits of state, and cheap to create, so every replication and every shopper
// gets its own stream. That is what makes common random numbers work: shopper n of replication r
// draws the same basket, speed and patience in scenario A and in scenario B.
#pragma once

#include <cmath>
#include <cstdint>

namespace storeops::sim::internal {

[[nodiscard]] inline uint64_t SplitMix64(uint64_t& state) {
  uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

/// A seed for stream `index` of kind `stream` in replication `replication`.
[[nodiscard]] inline uint64_t StreamSeed(uint64_t seed, uint64_t replication, uint64_t stream,
                                         uint64_t index) {
  uint64_t state = seed;
  uint64_t h = SplitMix64(state);
  state = h ^ (replication * 0x9e3779b97f4a7c15ULL);
  h = SplitMix64(state);
  state = h ^ (stream * 0xc2b2ae3d27d4eb4fULL);
  h = SplitMix64(state);
  state = h ^ index;
  return SplitMix64(state);
}

class Rng {
 public:
  Rng() : Rng(0) {}

  explicit Rng(uint64_t seed) {
    uint64_t state = seed;
    for (auto& s : s_) {
      s = SplitMix64(state);
    }
  }

  uint64_t Next() {
    const uint64_t result = Rotl(s_[1] * 5, 7) * 9;
    const uint64_t t = s_[1] << 17;
    s_[2] ^= s_[0];
    s_[3] ^= s_[1];
    s_[1] ^= s_[2];
    s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = Rotl(s_[3], 45);
    return result;
  }

  /// Uniform on [0, 1).
  double Uniform() { return static_cast<double>(Next() >> 11) * 0x1.0p-53; }

  /// Exponential with mean 1.
  double Exponential() { return -std::log1p(-Uniform()); }

  /// Standard normal (Box-Muller; one value per call, the pair's twin is dropped for simplicity).
  double Normal() {
    const double u1 = 1.0 - Uniform();
    const double u2 = Uniform();
    return std::sqrt(-2.0 * std::log(u1)) * std::cos(6.283185307179586 * u2);
  }

  /// Uniform integer in [0, n).
  uint32_t Below(uint32_t n) { return static_cast<uint32_t>(((Next() >> 32) * n) >> 32); }

 private:
  static uint64_t Rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

  uint64_t s_[4];
};

}  // namespace storeops::sim::internal
