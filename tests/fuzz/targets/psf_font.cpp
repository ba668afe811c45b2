// PSF console fonts (PSF1 and PSF2, optionally gzip-compressed), as `--font` and the screen
// reader load them; a parsed font is used: glyph lookup and drawing.
#include "codecs/psf_font.h"

#include <stdexcept>

#include "codecs/decode_error.h"
#include "tests/fuzz/fuzz_target.h"

MKS_FUZZ_TARGET(psf_font) {
  try {
    const auto font = mks::codecs::PsfFont::parse({data, size});
    mks::codecs::Image image(64, 64);
    for (char32_t c : {U'A', U'é', U'\u2500', U'\0'}) {
      if (const auto index = font.glyph_index(c)) {
        font.draw_glyph(image, *index, 0, 0, 0xffffff, 0);
        font.characters_of(*index);
      }
    }
  } catch (const mks::codecs::DecodeError& e) {
    mks::fuzz::expected_error(e);
  }
  return 0;
}
