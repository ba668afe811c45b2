#pragma once

#include <span>
#include <vector>

#include "codecs/image.h"

namespace mks::sim {

// Cuts dirty rectangles along a fixed grid of `tile`-sized squares and returns, per touched
// tile, the bounding box of what is dirty in it, in raster order. Small tiles let solid
// areas go out as TightPNG fills; the grid also merges overlapping dirty rectangles.
std::vector<codecs::Rect> tile_dirty(std::span<const codecs::Rect> dirty,
                                     const codecs::Rect& bounds, int tile);

}  // namespace mks::sim
