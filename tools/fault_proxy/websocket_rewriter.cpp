#include "tools/fault_proxy/websocket_rewriter.h"

#include <algorithm>
#include <random>
#include <string_view>

namespace mks::fault_proxy {
namespace {

// RFC 6455 §5.2 opcodes.
constexpr std::uint8_t kContinuation = 0x0;
constexpr std::uint8_t kBinary = 0x2;
constexpr std::uint8_t kPing = 0x9;
constexpr std::uint8_t kFirstControlOpcode = 0x8;

constexpr std::string_view kHeadEnd = "\r\n\r\n";
constexpr std::string_view kPingPayload = "mks-fault-proxy";

bool is_data(std::uint8_t opcode) {
  return opcode < kFirstControlOpcode;
}

Bytes junk(std::size_t n, std::uint32_t seed) {
  // mt19937's sequence is fixed by the standard: the same junk on every platform.
  std::mt19937 random(seed);
  Bytes out(n);
  for (auto& byte : out) byte = static_cast<std::uint8_t>(random() & 0xff);
  return out;
}

void append(Bytes& out, const Bytes& more) {
  out.insert(out.end(), more.begin(), more.end());
}

}  // namespace

Bytes websocket_header(bool fin, std::uint8_t rsv, std::uint8_t opcode, std::uint64_t length) {
  Bytes out;
  out.push_back(static_cast<std::uint8_t>((fin ? 0x80 : 0) | rsv | opcode));
  if (length < 126) {
    out.push_back(static_cast<std::uint8_t>(length));
  } else if (length <= 0xffff) {
    out.push_back(126);
    out.push_back(static_cast<std::uint8_t>(length >> 8));
    out.push_back(static_cast<std::uint8_t>(length));
  } else {
    out.push_back(127);
    for (int shift = 56; shift >= 0; shift -= 8) {
      out.push_back(static_cast<std::uint8_t>(length >> shift));
    }
  }
  return out;
}

Bytes websocket_frame(bool fin, std::uint8_t rsv, std::uint8_t opcode,
                      std::span<const std::uint8_t> payload) {
  Bytes out = websocket_header(fin, rsv, opcode, payload.size());
  out.insert(out.end(), payload.begin(), payload.end());
  return out;
}

WebSocketRewriter::WebSocketRewriter(const FaultOptions& options) : options_(options) {}

WebSocketRewriter::Output WebSocketRewriter::feed(std::span<const std::uint8_t> server_bytes) {
  Output out;
  if (phase_ == Phase::kStalled) return out;
  if (phase_ == Phase::kPassThrough) {
    out.bytes.assign(server_bytes.begin(), server_bytes.end());
    return out;
  }
  pending_.insert(pending_.end(), server_bytes.begin(), server_bytes.end());
  if (phase_ == Phase::kHttpHead) take_http_head(out);
  Frame frame;
  while (phase_ == Phase::kFrames && take_frame(frame)) {
    emit(frame, out);
    inject_after(frame, out);
  }
  if (phase_ == Phase::kPassThrough) {
    append(out.bytes, pending_);
    pending_.clear();
  }
  out.stall = phase_ == Phase::kStalled;
  return out;
}

void WebSocketRewriter::take_http_head(Output& out) {
  const std::string_view text(reinterpret_cast<const char*>(pending_.data()), pending_.size());
  constexpr std::string_view kHttp = "HTTP/";
  if (text.substr(0, kHttp.size()) != kHttp.substr(0, std::min(kHttp.size(), text.size()))) {
    note(out, "not a WebSocket stream (TLS?): forwarding unchanged");
    phase_ = Phase::kPassThrough;
    return;
  }
  const auto end = text.find(kHeadEnd);
  if (end == std::string_view::npos) return;
  const std::size_t head_size = end + kHeadEnd.size();
  const bool upgraded = text.substr(0, text.find("\r\n")).find(" 101 ") != std::string_view::npos;
  out.bytes.insert(out.bytes.end(), pending_.begin(), pending_.begin() + head_size);
  pending_.erase(pending_.begin(), pending_.begin() + head_size);
  if (upgraded) {
    phase_ = Phase::kFrames;
  } else {
    note(out, "the server refused the upgrade: forwarding unchanged");
    phase_ = Phase::kPassThrough;
  }
}

// RFC 6455 §5.2: FIN, RSV1-3, opcode; MASK, 7-bit length (126: 16-bit, 127: 64-bit follows);
// masking key when MASK is set.
bool WebSocketRewriter::take_frame(Frame& frame) {
  if (pending_.size() < 2) return false;
  const bool masked = (pending_[1] & 0x80) != 0;
  std::uint64_t length = pending_[1] & 0x7f;
  std::size_t at = 2;
  const std::size_t extra = length == 126 ? 2 : length == 127 ? 8 : 0;
  if (pending_.size() < at + extra + (masked ? 4 : 0)) return false;
  if (extra > 0) {
    length = 0;
    for (std::size_t i = 0; i < extra; ++i) length = (length << 8) | pending_[at + i];
    at += extra;
  }
  const std::size_t mask_at = at;
  if (masked) at += 4;
  if (pending_.size() - at < length) return false;
  frame.fin = (pending_[0] & 0x80) != 0;
  frame.rsv = pending_[0] & 0x70;
  frame.opcode = pending_[0] & 0x0f;
  frame.payload.assign(pending_.begin() + static_cast<long>(at),
                       pending_.begin() + static_cast<long>(at + length));
  if (masked) {
    for (std::size_t i = 0; i < frame.payload.size(); ++i) {
      frame.payload[i] ^= pending_[mask_at + i % 4];
    }
  }
  pending_.erase(pending_.begin(), pending_.begin() + static_cast<long>(at + length));
  return true;
}

void WebSocketRewriter::emit(const Frame& frame, Output& out) {
  if (options_.kind == FaultKind::kPingFlood) {
    for (int i = 0; i < options_.pings; ++i) {
      const std::span payload(reinterpret_cast<const std::uint8_t*>(kPingPayload.data()),
                              kPingPayload.size());
      append(out.bytes, websocket_frame(true, 0, kPing, payload));
    }
    note(out, describe(options_));
  }
  const bool split = options_.kind == FaultKind::kFragment && is_data(frame.opcode) &&
                     frame.payload.size() > options_.size;
  if (!split) {
    append(out.bytes, websocket_frame(frame.fin, frame.rsv, frame.opcode, frame.payload));
  } else {
    // RFC 6455 §5.4: the first fragment carries the opcode (and RSV bits), the rest are
    // continuations; FIN on the last only.
    for (std::size_t at = 0; at < frame.payload.size(); at += options_.size) {
      const std::size_t n = std::min(options_.size, frame.payload.size() - at);
      const bool first = at == 0;
      const bool last = at + n == frame.payload.size();
      const std::span piece(frame.payload.data() + at, n);
      append(out.bytes, websocket_frame(last && frame.fin, first ? frame.rsv : 0,
                                        first ? frame.opcode : kContinuation, piece));
    }
    note(out, describe(options_));
  }
  if (is_data(frame.opcode)) payload_bytes_ += frame.payload.size();
}

void WebSocketRewriter::inject_after(const Frame& frame, Output& out) {
  if (applied_ || !frame.fin || payload_bytes_ < options_.after_bytes) return;
  if (options_.kind == FaultKind::kOversizedFrame) {
    append(out.bytes, websocket_header(true, 0, kBinary, options_.length));
    note(out, describe(options_));
    phase_ = Phase::kStalled;
  } else if (options_.kind == FaultKind::kGarbage) {
    const Bytes bytes = junk(options_.junk, options_.seed);
    append(out.bytes, websocket_frame(true, 0, kBinary, bytes));
    note(out, describe(options_));
  }
}

void WebSocketRewriter::note(Output& out, const std::string& what) {
  if (applied_) return;
  applied_ = true;
  out.event = what;
}

}  // namespace mks::fault_proxy
