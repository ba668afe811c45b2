#pragma once

#include <filesystem>

#include "agent/fleet/state_rules.h"
#include "codecs/image.h"

namespace mks::fleet {

// What one look at a console screen tells: its state by the rules (text by console font,
// tesseract only for screens no font reads and only when some rule wants it). With a
// `screenshot` path the screen is also written there as PNG. Thread-safe: each thread keeps
// its own font reader and tesseract engine; run it on worker threads, never on the thread
// that carries the connections (tesseract takes most of a second).
Classification analyse_screen(const codecs::Image& screen, const StateRules& rules,
                              const std::filesystem::path& screenshot);

// Every pixel the same colour (alpha ignored).
bool is_one_colour(const codecs::Image& screen);

}  // namespace mks::fleet
