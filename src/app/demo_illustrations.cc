#include "app/demo_illustrations.h"

#include <algorithm>
#include <array>
#include <cmath>

namespace qalam::app {
namespace {

struct Rgb {
  double r, g, b;
};

Rgb mix(Rgb a, Rgb b, double t) { return {a.r + (b.r - a.r) * t, a.g + (b.g - a.g) * t, a.b + (b.b - a.b) * t}; }

struct Palette {
  Rgb sky_top, sky_horizon, sun, near, far;
  const char* alt;
};

// Dawn, noon, dusk and night over hills: muted, so text beside them stays the subject.
constexpr std::array<Palette, 6> palettes{{
    {{0.98, 0.84, 0.66}, {0.99, 0.94, 0.85}, {1.00, 0.97, 0.90}, {0.29, 0.22, 0.28}, {0.78, 0.62, 0.60},
     "Illustration: hills at dawn under a pale sun"},
    {{0.55, 0.74, 0.88}, {0.88, 0.93, 0.96}, {1.00, 1.00, 0.96}, {0.16, 0.30, 0.30}, {0.55, 0.69, 0.72},
     "Illustration: green ridges under a clear sky"},
    {{0.40, 0.30, 0.52}, {0.96, 0.62, 0.45}, {1.00, 0.86, 0.62}, {0.16, 0.12, 0.22}, {0.55, 0.38, 0.50},
     "Illustration: mountains at sunset"},
    {{0.08, 0.12, 0.25}, {0.25, 0.33, 0.52}, {0.93, 0.93, 0.86}, {0.04, 0.06, 0.12}, {0.20, 0.26, 0.40},
     "Illustration: ridges under the moon"},
    {{0.80, 0.86, 0.84}, {0.95, 0.95, 0.92}, {0.99, 0.98, 0.93}, {0.30, 0.34, 0.31}, {0.67, 0.72, 0.69},
     "Illustration: misty hills in the morning"},
    {{0.93, 0.72, 0.48}, {0.98, 0.88, 0.70}, {1.00, 0.95, 0.80}, {0.35, 0.20, 0.14}, {0.80, 0.55, 0.40},
     "Illustration: dry hills in the afternoon heat"},
}};

}  // namespace

Illustration demo_illustration(int index, int width, int height) {
  const Palette& p = palettes[static_cast<size_t>(index) % palettes.size()];
  const double seed = 1.7 + index * 2.39;
  Illustration out;
  out.width = width;
  out.height = height;
  out.alt = p.alt;
  out.rgb.resize(static_cast<size_t>(width) * height * 3);
  const double sun_x = width * (0.25 + 0.5 * std::fmod(seed * 0.37, 1.0));
  const double sun_y = height * (0.22 + 0.15 * std::fmod(seed * 0.53, 1.0));
  const double sun_r = height * 0.09;
  constexpr int ridges = 4;
  // The height of ridge k (0 farthest) at column x, as a fraction of the image.
  auto ridge = [&](int k, double x) {
    double u = x / width;
    double base = 0.50 + 0.11 * k;
    double wave = 0.060 * std::sin(u * (3.1 + k) + seed * (k + 1)) + 0.030 * std::sin(u * (7.3 + 2 * k) + seed * 1.3) +
                  0.012 * std::sin(u * (17.0 + k) + seed * 0.7);
    return base + wave;
  };
  for (int x = 0; x < width; ++x) {
    std::array<double, ridges> tops{};
    for (int k = 0; k < ridges; ++k) tops[static_cast<size_t>(k)] = ridge(k, x) * height;
    for (int y = 0; y < height; ++y) {
      double t = static_cast<double>(y) / height;
      Rgb c = mix(p.sky_top, p.sky_horizon, std::clamp(t / 0.6, 0.0, 1.0));
      double d = std::hypot(x - sun_x, y - sun_y);
      if (d < sun_r * 3) c = mix(c, p.sun, std::clamp(0.35 * (1 - (d - sun_r) / (2 * sun_r)), 0.0, 0.35));
      if (d < sun_r) c = mix(c, p.sun, std::clamp((sun_r - d) / 2.0, 0.0, 1.0));
      for (int k = 0; k < ridges; ++k) {
        double top = tops[static_cast<size_t>(k)];
        if (y < top) continue;
        Rgb land = mix(p.far, p.near, static_cast<double>(k) / (ridges - 1));
        // A little light on each ridge's crest, fading down its slope.
        land = mix(land, p.sky_horizon, std::clamp(0.18 - (y - top) / height, 0.0, 0.18));
        c = mix(c, land, std::clamp(y - top, 0.0, 1.0));
      }
      size_t at = (static_cast<size_t>(y) * width + x) * 3;
      out.rgb[at] = static_cast<char>(std::lround(std::clamp(c.r, 0.0, 1.0) * 255));
      out.rgb[at + 1] = static_cast<char>(std::lround(std::clamp(c.g, 0.0, 1.0) * 255));
      out.rgb[at + 2] = static_cast<char>(std::lround(std::clamp(c.b, 0.0, 1.0) * 255));
    }
  }
  return out;
}

}  // namespace qalam::app
