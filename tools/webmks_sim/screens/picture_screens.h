#pragma once

#include "codecs/image.h"
#include "codecs/psf_font.h"

// Consoles in graphics mode: no VGA text buffer, so the project's font text reader finds
// nothing there; only OCR reads the Windows screen (/work/shared/docs/console-states.md §8).
namespace mks::sim::screens {

// Windows 8+ bootmgr's "Recovery" screen (winload.efi missing, 0xc0000225), 1024x768 on
// Windows blue, its text drawn from `font` with every font pixel a 2x2 (title 3x3) square.
codecs::Image windows_recovery_screen(const codecs::PsfFont& font);
// A console showing nothing: 720x400 black.
codecs::Image blank_screen();
// A "desktop": gradients and rectangles, no text, 1024x768.
codecs::Image graphical_screen();

}  // namespace mks::sim::screens
