#include "agent/rfb/encoding_list.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <string>

#include "agent/rfb/protocol.h"

namespace mks::rfb {
namespace {

struct NamedEncoding {
  const char* name;
  std::int32_t number;
};
constexpr std::array<NamedEncoding, 7> kNames = {{
    {"tight", encoding::kTight},
    {"zrle", encoding::kZrle},
    {"hextile", encoding::kHextile},
    {"zlib", encoding::kZlib},
    {"tightpng", encoding::kTightPng},
    {"copyrect", encoding::kCopyRect},
    {"raw", encoding::kRaw},
}};

// Not announced on WebMKS: TightDiffComp, UpdateCache and OffscreenCopyRect (VMware
// extensions a headless client has no use for).
constexpr std::array<std::int32_t, 3> kWebMksEncodings = {encoding::kTightPng, encoding::kCopyRect,
                                                          encoding::kRaw};
constexpr std::array<std::int32_t, 8> kWebMksPseudo = {
    encoding::kDesktopSize,       encoding::kVmwDefineCursor,  encoding::kVmwCursorState,
    encoding::kVmwCursorPosition, encoding::kVmwTypematicInfo, encoding::kVmwLedState,
    encoding::kVmwServerCaps,     encoding::kVmwFrameStamp,
};
// No JPEG quality level: without one, Tight servers stay lossless, which screen reading needs.
constexpr std::array<std::int32_t, 6> kRfbEncodings = {encoding::kTight,    encoding::kZrle,
                                                       encoding::kHextile,  encoding::kZlib,
                                                       encoding::kCopyRect, encoding::kRaw};
// ExtendedDesktopSize is decoded but not announced: TigerVNC answers every non-incremental
// request with a layout-only update when it is, and this client asks non-incrementally until
// the screen is complete, so the two would ping-pong forever (seen against Xvnc).
// ContinuousUpdates and Fence go together: TigerVNC offers continuous updates only to a
// client that also takes fences (its congestion control runs on them).
constexpr std::array<std::int32_t, 9> kRfbPseudo = {
    encoding::kDesktopSize,     encoding::kDesktopName, encoding::kLastRect,
    encoding::kCursorWithAlpha, encoding::kRichCursor,  encoding::kQemuExtendedKeyEvent,
    encoding::kQemuLedState,    encoding::kFence,       encoding::kContinuousUpdates,
};

}  // namespace

std::optional<std::int32_t> encoding_for_name(std::string_view name) {
  std::string lower(name);
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  for (const auto& n : kNames) {
    if (lower == n.name) return n.number;
  }
  return std::nullopt;
}

const char* encoding_names() {
  return "tight, zrle, hextile, zlib, tightpng, copyrect, raw";
}

Dialect dialect_for_url(const transport::Url& url) {
  return url.websocket() && url.target.starts_with("/ticket/") ? Dialect::kWebMks : Dialect::kRfb;
}

std::vector<std::int32_t> encodings_to_announce(Dialect dialect,
                                                std::optional<std::int32_t> forced) {
  const bool rfb = dialect == Dialect::kRfb;
  std::vector<std::int32_t> out;
  if (forced) {
    out.push_back(*forced);
  } else if (rfb) {
    out.assign(kRfbEncodings.begin(), kRfbEncodings.end());
  } else {
    out.assign(kWebMksEncodings.begin(), kWebMksEncodings.end());
  }
  if (rfb) {
    out.insert(out.end(), kRfbPseudo.begin(), kRfbPseudo.end());
  } else {
    out.insert(out.end(), kWebMksPseudo.begin(), kWebMksPseudo.end());
  }
  return out;
}

}  // namespace mks::rfb
