#pragma once

#include <optional>
#include <string>
#include <vector>

#include "agent/screen/text_reader.h"
#include "codecs/image.h"

namespace mks::fleet::test {

// A 720x400 screen (VGA text mode: 80 columns of 9 pixels) with something on it.
inline codecs::Image text_screen() {
  codecs::Image image(720, 400, codecs::rgb(0, 0, 0));
  image.fill({0, 0, 9, 16}, codecs::rgb(0xAA, 0xAA, 0xAA));
  return image;
}

// What the font reader would have read: these lines in Debian's console font.
inline std::optional<screen::ScreenText> console(std::vector<std::string> lines) {
  screen::ScreenText text;
  text.lines = std::move(lines);
  text.font = "Lat15-VGA16";
  return text;
}

}  // namespace mks::fleet::test
