#include "tools/fault_proxy/fault.h"

#include <array>
#include <stdexcept>
#include <utility>

namespace mks::fault_proxy {
namespace {

constexpr std::array<std::pair<FaultKind, const char*>, 11> kNames = {{
    {FaultKind::kNone, "none"},
    {FaultKind::kLatency, "latency"},
    {FaultKind::kBandwidth, "bandwidth"},
    {FaultKind::kOneByte, "one-byte"},
    {FaultKind::kStall, "stall"},
    {FaultKind::kReset, "reset"},
    {FaultKind::kCut, "cut"},
    {FaultKind::kFragment, "fragment"},
    {FaultKind::kPingFlood, "ping-flood"},
    {FaultKind::kOversizedFrame, "oversized-frame"},
    {FaultKind::kGarbage, "garbage"},
}};

std::string after(const FaultOptions& o) {
  std::string text = "after " + std::to_string(o.after_bytes) + " bytes";
  if (o.after_time.count() > 0) text += " and " + std::to_string(o.after_time.count()) + " ms";
  return text;
}

}  // namespace

FaultKind fault_kind_named(const std::string& name) {
  for (const auto& [kind, text] : kNames) {
    if (name == text) return kind;
  }
  throw std::invalid_argument("unknown fault \"" + name + "\" (one of " + fault_names() + ")");
}

std::string name_of(FaultKind kind) {
  for (const auto& [k, text] : kNames) {
    if (k == kind) return text;
  }
  return "?";
}

std::string fault_names() {
  std::string out;
  for (const auto& [kind, text] : kNames) out += (out.empty() ? "" : ", ") + std::string(text);
  return out;
}

bool is_websocket_fault(FaultKind kind) {
  return kind == FaultKind::kFragment || kind == FaultKind::kPingFlood ||
         kind == FaultKind::kOversizedFrame || kind == FaultKind::kGarbage;
}

std::string describe(const FaultOptions& o) {
  switch (o.kind) {
    case FaultKind::kNone:
      return "forward unchanged";
    case FaultKind::kLatency:
      return "hold every chunk " + std::to_string(o.delay.count()) + " ms";
    case FaultKind::kBandwidth:
      return "at most " + std::to_string(o.rate) + " bytes/s";
    case FaultKind::kOneByte:
      return "one byte per write, " + std::to_string(o.delay.count()) + " ms apart";
    case FaultKind::kStall:
      return "stall " + after(o);
    case FaultKind::kReset:
      return "reset the connection " + after(o);
    case FaultKind::kCut:
      return "close the connection " + after(o);
    case FaultKind::kFragment:
      return "WebSocket frames of at most " + std::to_string(o.size) + " bytes";
    case FaultKind::kPingFlood:
      return std::to_string(o.pings) + " WebSocket pings before every frame";
    case FaultKind::kOversizedFrame:
      return "a WebSocket frame announcing " + std::to_string(o.length) + " bytes " + after(o);
    case FaultKind::kGarbage:
      return std::to_string(o.junk) + " junk bytes in a WebSocket frame " + after(o);
  }
  return "?";
}

}  // namespace mks::fault_proxy
