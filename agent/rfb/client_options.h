#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "agent/limits.h"

namespace mks::rfb {

// Which encodings to announce: VMware's WebMKS list (TightPNG and the VMware
// pseudo-encodings) or the standard RFB one (Tight, ZRLE, Hextile, Zlib...). kAuto is
// WebMKS; Session picks kRfb for vnc:// and for ws:// URLs without a /ticket/ path.
enum class Dialect { kAuto, kWebMks, kRfb };

struct ClientOptions {
  Dialect dialect = Dialect::kAuto;
  // Announce only this rectangle encoding (and the pseudo-encodings): encoding_for_name.
  std::optional<std::int32_t> encoding;
  // For VNC authentication (security type 2); only the first 8 bytes count.
  std::string password;
  // Most framebuffer memory a server may make this session allocate (width x height x 4):
  // a ServerInit or resize beyond it ends the session with a ProtocolError naming both.
  std::uint64_t max_framebuffer_bytes = limits::kDefaultFramebufferBytes;
  // A server that starts at ServerInit is WebMKS, which takes VMware scancode key events.
  // False for ESXi's authentication daemon (902), where that is not known: scancode events
  // only once the server announces VMware's key event cap or cursor, else RFB KeyEvents.
  bool direct_takes_scancodes = true;
};

}  // namespace mks::rfb
