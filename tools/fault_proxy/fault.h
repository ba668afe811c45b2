#pragma once

#include <chrono>
#include <cstdint>
#include <string>

namespace mks::fault_proxy {

// What the proxy does to the server->client bytes of a faulty connection.
enum class FaultKind {
  kNone,            // forward unchanged
  kLatency,         // hold every chunk for delay before forwarding it
  kBandwidth,       // forward at most rate bytes per second
  kOneByte,         // forward one byte per write, delay apart
  kStall,           // forward after_bytes, then nothing (both sockets stay open)
  kReset,           // forward after_bytes, then reset both connections (RST)
  kCut,             // forward after_bytes, then close the client connection (FIN): on a TLS
                    // stream, a cut without close_notify
  kFragment,        // WebSocket: split every data frame into frames of size bytes
  kPingFlood,       // WebSocket: `pings` pings before every frame
  kOversizedFrame,  // WebSocket: after after_bytes, a frame header announcing length bytes
  kGarbage,         // WebSocket: after after_bytes, a binary frame of junk random bytes
};

struct FaultOptions {
  FaultKind kind = FaultKind::kNone;
  std::chrono::milliseconds delay{50};      // latency; one-byte: between bytes (0: none)
  std::uint64_t rate = 16384;               // bandwidth, bytes per second
  std::uint64_t after_bytes = 4096;         // stall, reset, cut; WebSocket faults: payload bytes
  std::chrono::milliseconds after_time{0};  // stall, reset, cut: and this long after connecting
  std::size_t size = 64;                    // fragment: payload bytes per frame
  int pings = 3;                            // ping flood: pings before every frame
  std::uint64_t length = std::uint64_t{1} << 40;  // oversized frame: the announced length
  std::size_t junk = 64;                          // garbage: bytes of junk
  std::uint32_t seed = 1;                         // garbage: the junk's random seed
  int first = 0;  // the fault applies to the first `first` connections only (0: all)
};

// The fault names of the command line, in FaultKind order.
FaultKind fault_kind_named(const std::string& name);  // throws std::invalid_argument
std::string name_of(FaultKind kind);
std::string fault_names();  // "none, latency, ..."

// Faults that parse the server's WebSocket frames (the stream must be ws://, not wss://).
bool is_websocket_fault(FaultKind kind);

// One line saying what the fault does, for the ready line and the log.
std::string describe(const FaultOptions& options);

}  // namespace mks::fault_proxy
