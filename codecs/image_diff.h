#pragma once

#include <vector>

#include "codecs/image.h"

namespace mks::codecs {

// Where two frames of the same size differ, as tile-aligned rectangles (tiles of `tile`
// pixels, runs of changed tiles in a row merged). The top (X) byte is ignored. For screens
// that arrive whole (a polled screenshot) rather than as RFB rectangles.
std::vector<Rect> changed_tiles(const Image& before, const Image& after, int tile = 64);

}  // namespace mks::codecs
