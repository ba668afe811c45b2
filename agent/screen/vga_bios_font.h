#pragma once

#include <filesystem>
#include <optional>

#include "codecs/psf_font.h"

namespace mks::screen {

// The 8x16 font of SeaBIOS's VGA BIOS, as Debian's seabios package installs it. QEMU's VGA
// text mode draws with whatever font the guest loaded into the card; the BIOS loads this
// one, and GRUB and Linux's vgacon keep it. It differs from the console fonts in a few
// glyphs (0, M, V, W, m, v, w, '), enough to leave a QEMU screen unread without it.
inline constexpr const char* kSeaBiosVgaRom = "/usr/share/seabios/vgabios-stdvga.bin";

// The font with a CP437 Unicode table, or nullopt when the ROM is missing or holds no
// recognisable font.
std::optional<codecs::PsfFont> load_vga_bios_font(
    const std::filesystem::path& rom = kSeaBiosVgaRom);

}  // namespace mks::screen
