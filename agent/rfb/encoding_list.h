#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "agent/rfb/client_options.h"
#include "agent/transport/url.h"

namespace mks::rfb {

// The SetEncodings list for `dialect`, best first; `forced` replaces the rectangle
// encodings by that one alone (the pseudo-encodings stay).
std::vector<std::int32_t> encodings_to_announce(Dialect dialect,
                                                std::optional<std::int32_t> forced);

// "tight", "zrle", "hextile", "zlib", "tightpng", "copyrect", "raw" (any case); nullopt for
// anything else.
std::optional<std::int32_t> encoding_for_name(std::string_view name);
// The names encoding_for_name accepts, comma-separated, for help and error text.
const char* encoding_names();

// WebMKS for wss:// and ws:// URLs with a /ticket/ path, plain RFB for vnc:// and other
// WebSocket paths (QEMU and websockify serve RFB at "/").
Dialect dialect_for_url(const transport::Url& url);

}  // namespace mks::rfb
