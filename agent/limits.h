#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

// The sizes a server cannot push the agent past, in one place. docs/limits.md lists these
// and the limits kept next to their decoders in codecs/ (which may not include agent/), with
// TigerVNC's and libvncclient's numbers and the one line a user sees when one is exceeded.
namespace mks::limits {

// Default framebuffer budget of one session (ClientOptions::max_framebuffer_bytes): 4096x2560
// at 4 bytes a pixel, the largest common 4K mode. 200 sessions at that size hold 8 GiB of
// framebuffers; a ServerInit or resize beyond the budget is refused before any allocation.
constexpr std::uint64_t kDefaultFramebufferBytes = std::uint64_t{40} << 20;

// ServerCutText: longer text is read past and dropped (as TigerVNC does with its 256 KiB);
// the console session goes on. libvncclient's cap is the same 1 MiB.
constexpr std::uint32_t kMaxCutText = 1u << 20;
// ServerInit and DesktopName pseudo-encoding (libvncclient's 1 MiB).
constexpr std::uint32_t kMaxDesktopName = 1u << 20;
// Security failure reasons: one line for the user, never large.
constexpr std::uint32_t kMaxReason = 64u << 10;
// VMware Audio sample data per message (skipped, never stored).
constexpr std::uint32_t kMaxVmwAudioData = 16u << 20;

// One WebSocket message: a whole framebuffer update of a 4096x2560 screen in Raw is 40 MiB.
constexpr std::size_t kMaxWebSocketMessage = std::size_t{64} << 20;
// A read buffer grown past this for one large message is released once it is consumed, so
// one big update does not stay resident for the rest of the session.
constexpr std::size_t kRetainedBuffer = std::size_t{1} << 20;

// vCenter HTTP replies (SOAP, REST): a large inventory page is a few MiB.
constexpr std::uint64_t kMaxHttpBody = std::uint64_t{16} << 20;
// vCenter REST replies (application/json): a session token or a ticket is under 1 KiB, and
// a parsed JSON document takes many times its text in memory.
constexpr std::uint64_t kMaxJsonBody = std::uint64_t{1} << 20;
// All header fields of one reply together (Beast's default, named).
constexpr std::uint32_t kMaxHttpHeader = 8u << 10;

// "40 MiB", "64 KiB", "16777217 bytes": sizes and limits in error messages, exact.
inline std::string size_text(std::uint64_t bytes) {
  if (bytes >= (std::uint64_t{1} << 30) && bytes % (std::uint64_t{1} << 30) == 0) {
    return std::to_string(bytes >> 30) + " GiB";
  }
  if (bytes >= (1u << 20) && bytes % (1u << 20) == 0) return std::to_string(bytes >> 20) + " MiB";
  if (bytes >= (1u << 10) && bytes % (1u << 10) == 0) return std::to_string(bytes >> 10) + " KiB";
  return std::to_string(bytes) + " bytes";
}

}  // namespace mks::limits
