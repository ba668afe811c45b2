#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "tools/fault_proxy/fault.h"

namespace mks::fault_proxy {

using Bytes = std::vector<std::uint8_t>;

// Rewrites a WebSocket server's side of a connection (RFC 6455): the HTTP response is passed
// on as it is, then every frame is parsed and sent on re-framed by the fault (fragmented,
// preceded by pings, followed by an oversized frame or junk). A stream that is not a
// WebSocket upgrade (a refusal, or TLS) is passed on unchanged. Pure: no I/O, so the framing
// can be tested alone.
class WebSocketRewriter {
 public:
  explicit WebSocketRewriter(const FaultOptions& options);

  struct Output {
    Bytes bytes;         // to send to the client
    std::string event;   // non-empty: what happened, once (the fault applied, or not applicable)
    bool stall = false;  // forward nothing more
  };
  Output feed(std::span<const std::uint8_t> server_bytes);

 private:
  enum class Phase { kHttpHead, kFrames, kPassThrough, kStalled };
  struct Frame {
    bool fin = true;
    std::uint8_t rsv = 0;  // the RSV1..3 bits, in place
    std::uint8_t opcode = 0;
    Bytes payload;
  };

  void take_http_head(Output& out);
  bool take_frame(Frame& frame);
  void emit(const Frame& frame, Output& out);
  void inject_after(const Frame& frame, Output& out);
  void note(Output& out, const std::string& what);

  FaultOptions options_;
  Phase phase_ = Phase::kHttpHead;
  Bytes pending_;
  std::uint64_t payload_bytes_ = 0;  // data payload seen so far
  bool applied_ = false;
};

// A server frame (unmasked) header and payload, as RFC 6455 §5.2 lays it out.
Bytes websocket_frame(bool fin, std::uint8_t rsv, std::uint8_t opcode,
                      std::span<const std::uint8_t> payload);
// Only the header of a frame announcing `length` payload bytes.
Bytes websocket_header(bool fin, std::uint8_t rsv, std::uint8_t opcode, std::uint64_t length);

}  // namespace mks::fault_proxy
