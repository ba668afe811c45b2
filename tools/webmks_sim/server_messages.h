#pragma once

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "codecs/image.h"
#include "tools/webmks_sim/byte_writer.h"

// Server-to-client RFB and VMware messages, as the WebMKS client expects them
// (docs/webmks-protocol.md §2-§3).
namespace mks::sim::msg {

inline constexpr std::string_view kVersion = "RFB 003.008\n";

std::vector<std::uint8_t> security_types_none();
std::vector<std::uint8_t> security_result_ok();
// 32 bpp, depth 24, little-endian true colour, maxima 255, shifts 16/8/0 (§2.2).
std::vector<std::uint8_t> server_init(int width, int height, std::string_view name);
std::vector<std::uint8_t> server_caps(std::uint32_t caps);
std::vector<std::uint8_t> heartbeat(std::uint16_t value);

// A FramebufferUpdate under construction. The client echoes `request_id` in its next
// request, so 1 keeps those requests incremental (§3.1).
class Update {
 public:
  void rect(const codecs::Rect& r, std::int32_t encoding, std::span<const std::uint8_t> payload);
  void cursor_state(bool visible);
  void led_state(std::uint32_t leds);
  std::size_t count() const { return count_; }
  // The whole message; count() must not be 0, as a 0-rect update desynchronises the client.
  std::vector<std::uint8_t> finish(std::uint8_t request_id);

 private:
  ByteWriter rects_;
  std::size_t count_ = 0;
};

}  // namespace mks::sim::msg
