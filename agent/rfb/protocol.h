#pragma once

#include <cstddef>
#include <cstdint>

// RFB (RFC 6143) and VMware WebMKS numbers, named once. VMware numbers are from
// docs/webmks-protocol.md (read off VMware's WebMKS client 2.1.0); all are "WMV" + one byte.
namespace mks::rfb {

// Client to server message types (RFC 6143 §7.5).
enum class ClientMessage : std::uint8_t {
  kSetPixelFormat = 0,
  kSetEncodings = 2,
  kFramebufferUpdateRequest = 3,
  kKeyEvent = 4,
  kPointerEvent = 5,
  kClientCutText = 6,
  kVmware = 127,
};
// QEMU client message (rfbproto); sub-type 0 is the extended key event. Kept out of the enum
// above, whose switches cover what the simulator serves.
constexpr std::uint8_t kQemuClientMessage = 255;
// Flow-control client messages of rfbproto, likewise outside the enum.
constexpr std::uint8_t kEnableContinuousUpdatesMessage = 150;
constexpr std::uint8_t kClientFenceMessage = 248;

// Server to client message types (RFC 6143 §7.6).
enum class ServerMessage : std::uint8_t {
  kFramebufferUpdate = 0,
  kSetColourMapEntries = 1,
  kBell = 2,
  kServerCutText = 3,
  kVmware = 127,
  kEndOfContinuousUpdates = 150,  // rfbproto; no payload
  kServerFence = 248,             // rfbproto
};

// VMware server messages (type 127): u8 id, u16 total length including the 4 header bytes.
enum class VmwServerMessage : std::uint8_t {
  kServerCaps = 0,  // length 8, u32 caps
  kAudio = 3,
  kHeartbeat = 4,  // length 6, u16
  kSetReconnectToken = 6,
  kSessionClose = 7,  // length 8, u32 reason
  kAudioMixer = 8,
};

// VMware client messages (type 127).
enum class VmwClientMessage : std::uint8_t {
  kKeyEvent = 0,       // length 8: u16 scancode, u8 down, u8 0
  kPointerEvent2 = 2,  // length 19
  kClientCaps = 3,     // length 8: u32 caps
  kUpdateAck = 4,      // length 8: u8 updateReqId, u8 0, u16 (decodeMs+2)*10
  kRequestResolution = 5,
  kKeyEvent2 = 6,
  kSessionClose = 12,  // length 8: u32 reason
};

// Rectangle encodings and pseudo-encodings, as signed 32-bit numbers on the wire.
namespace encoding {
constexpr std::int32_t kRaw = 0;
constexpr std::int32_t kCopyRect = 1;
constexpr std::int32_t kHextile = 5;
constexpr std::int32_t kZlib = 6;
constexpr std::int32_t kTight = 7;
constexpr std::int32_t kZrle = 16;
constexpr std::int32_t kTightPng = -260;
constexpr std::int32_t kDesktopSize = -223;
// Pseudo-encodings of the RFB community spec (rfbproto).
constexpr std::int32_t kLastRect = -224;
constexpr std::int32_t kRichCursor = -239;
constexpr std::int32_t kQemuExtendedKeyEvent = -258;
constexpr std::int32_t kQemuLedState = -261;
constexpr std::int32_t kDesktopName = -307;
constexpr std::int32_t kExtendedDesktopSize = -308;
constexpr std::int32_t kFence = -312;
constexpr std::int32_t kContinuousUpdates = -313;
constexpr std::int32_t kCursorWithAlpha = -314;
constexpr std::int32_t kJpegQuality10 = -23;  // JPEG quality level 9 pseudo-encoding
constexpr std::int32_t kVmwTightDiffComp = 0x574D5616;
constexpr std::int32_t kVmwDefineCursor = 0x574D5664;
constexpr std::int32_t kVmwCursorState = 0x574D5665;
constexpr std::int32_t kVmwCursorPosition = 0x574D5666;
constexpr std::int32_t kVmwTypematicInfo = 0x574D5667;
constexpr std::int32_t kVmwLedState = 0x574D5668;
constexpr std::int32_t kVmwServerCaps = 0x574D567A;
constexpr std::int32_t kVmwServerPush2 = 0x574D567B;
constexpr std::int32_t kVmwFrameStamp = 0x574D567C;
constexpr std::int32_t kVmwOffscreenCopyRect = 0x574D567E;
constexpr std::int32_t kVmwUpdateCache = 0x574D567F;
}  // namespace encoding

// ServerCaps bits (VMware server message 0).
namespace server_caps {
constexpr std::uint32_t kKeyEvent = 0x2;  // server takes VMW scancode key events
constexpr std::uint32_t kClientCaps = 0x8;
constexpr std::uint32_t kUpdateAck = 0x20;  // client acks updates; server pushes
constexpr std::uint32_t kRequestResolution = 0x80;
constexpr std::uint32_t kAudioAck = 0x400;
constexpr std::uint32_t kSessionClose = 0x20000;
}  // namespace server_caps

// ClientCaps bits (VMware client message 3).
namespace client_caps {
constexpr std::uint32_t kHeartbeat = 0x100;
constexpr std::uint32_t kSetReconnectToken = 0x4000;
constexpr std::uint32_t kSessionClose = 0x8000;
}  // namespace client_caps

// Fence flags (rfbproto, ClientFence and ServerFence): u8 type, 3 padding, u32 flags, u8
// length (at most 64), payload.
namespace fence {
constexpr std::uint32_t kBlockBefore = 1u << 0;
constexpr std::uint32_t kBlockAfter = 1u << 1;
constexpr std::uint32_t kSyncNext = 1u << 2;
constexpr std::uint32_t kRequest = 1u << 31;
constexpr std::size_t kMaxPayload = 64;
}  // namespace fence

// VMWLEDState bits.
namespace led {
constexpr std::uint32_t kScrollLock = 1;
constexpr std::uint32_t kNumLock = 2;
constexpr std::uint32_t kCapsLock = 4;
}  // namespace led

// Security types (RFC 6143 §7.2).
namespace security {
constexpr std::uint8_t kInvalid = 0;
constexpr std::uint8_t kNone = 1;
constexpr std::uint8_t kVncAuth = 2;
}  // namespace security

}  // namespace mks::rfb
