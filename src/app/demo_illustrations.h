// The demo site's illustrations: landscapes the program draws (a sky, a sun, ridges
// of hills), so the demo shows featured images without shipping photographs. Each is
// uploaded through the media library like an editor's image.
#pragma once

#include <string>

namespace qalam::app {

struct Illustration {
  std::string rgb;  // width × height × 3 bytes, rows top to bottom
  int width = 0;
  int height = 0;
  std::string alt;  // what it shows, in English
};

// Illustration number `index` (any number: palettes and hills vary with it).
Illustration demo_illustration(int index, int width = 1200, int height = 675);

}  // namespace qalam::app
