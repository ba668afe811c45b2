#include "agent/rfb/handshake.h"

#include <algorithm>
#include <array>
#include <cstring>
#include <string>

#include "agent/errors.h"
#include "agent/limits.h"
#include "agent/rfb/protocol.h"
#include "agent/rfb/vnc_auth.h"

namespace mks::rfb {
namespace {

// "RFB xxx.yyy\n" → minor version (3, 7, 8...), or -1 when it is not a version string.
int rfb_minor_version(std::span<const std::uint8_t> b) {
  if (std::memcmp(b.data(), "RFB ", 4) != 0 || b[7] != '.' || b[11] != '\n') return -1;
  int major = 0, minor = 0;
  for (int i = 4; i < 7; ++i) {
    if (b[i] < '0' || b[i] > '9') return -1;
    major = major * 10 + (b[i] - '0');
  }
  for (int i = 8; i < 11; ++i) {
    if (b[i] < '0' || b[i] > '9') return -1;
    minor = minor * 10 + (b[i] - '0');
  }
  if (major != 3)
    throw ProtocolError("unsupported RFB version " + std::to_string(major) + "." +
                        std::to_string(minor));
  return minor;
}

// GCC 12 destroys the exception object early when a co_await sits inside a throw
// expression: always read the reason into a local first.
boost::asio::awaitable<std::string> read_reason(StreamReader& in) {
  std::uint32_t length = co_await in.u32();
  if (length > limits::kMaxReason) {
    throw ProtocolError("server sent a reason string of " + limits::size_text(length) +
                        ", over the limit of " + limits::size_text(limits::kMaxReason));
  }
  auto text = co_await in.read(length);
  std::string reason(text.begin(), text.end());
  // Some servers end it with a newline or NUL; the user sees it inside one line.
  while (!reason.empty() && static_cast<unsigned char>(reason.back()) <= ' ') reason.pop_back();
  co_return reason;
}

std::string security_list(std::span<const std::uint8_t> types) {
  std::string out;
  for (auto t : types) out += (out.empty() ? "" : ", ") + std::to_string(t);
  return out;
}

const char* const kNoPassword =
    "the VNC server asks for a password: set MKS_VNC_PASSWORD or pass --password-file FILE";

// SecurityResult (RFC 6143 §7.1.3): 0 is OK; 3.8 servers add a reason to a failure.
boost::asio::awaitable<void> read_security_result(StreamReader& in, int minor, bool vnc_auth) {
  const std::uint32_t result = co_await in.u32();
  if (result == 0) co_return;
  std::string reason;
  if (minor >= 8) reason = co_await read_reason(in);
  if (vnc_auth) {
    throw AuthError("VNC authentication failed: wrong password" +
                    (reason.empty() ? std::string() : " (server: " + reason + ")"));
  }
  throw AuthError("server refused the connection" +
                  (reason.empty() ? std::string() : ": " + reason));
}

boost::asio::awaitable<void> vnc_authenticate(StreamReader& in, transport::ByteStream& out,
                                              const std::string& password) {
  if (password.empty()) throw AuthError(kNoPassword);
  auto challenge = co_await in.read(kVncAuthChallengeSize);
  const auto response = vnc_auth_response(challenge, password);
  out.send(std::vector<std::uint8_t>(response.begin(), response.end()));
}

boost::asio::awaitable<void> negotiate_security(StreamReader& in, transport::ByteStream& out,
                                                int minor, const std::string& password) {
  std::uint8_t chosen = 0;
  if (minor < 7) {  // 3.3: the server decides
    const std::uint32_t type = co_await in.u32();
    if (type == security::kInvalid) {
      const std::string reason = co_await read_reason(in);
      throw AuthError("server refused the connection: " + reason);
    }
    if (type != security::kNone && type != security::kVncAuth)
      throw AuthError("server requires security type " + std::to_string(type) +
                      ", which this agent does not support (supported: 1 None, 2 VNC)");
    chosen = static_cast<std::uint8_t>(type);
  } else {
    const std::uint8_t count = co_await in.u8();
    if (count == 0) {
      const std::string reason = co_await read_reason(in);
      throw AuthError("server refused the connection: " + reason);
    }
    auto types_view = co_await in.read(count);
    const std::vector<std::uint8_t> types(types_view.begin(), types_view.end());
    const auto offered = [&](std::uint8_t t) {
      return std::find(types.begin(), types.end(), t) != types.end();
    };
    if (offered(security::kNone)) {
      chosen = security::kNone;
    } else if (offered(security::kVncAuth)) {
      chosen = security::kVncAuth;
      if (password.empty()) throw AuthError(kNoPassword);
    } else {
      throw AuthError("server offers no security type this agent supports (offered: " +
                      security_list(types) + "; supported: 1 None, 2 VNC)");
    }
    out.send({chosen});
  }
  const bool vnc_auth = chosen == security::kVncAuth;
  if (vnc_auth) co_await vnc_authenticate(in, out, password);
  // 3.3 and 3.7 send no SecurityResult after None.
  if (vnc_auth || minor >= 8) co_await read_security_result(in, minor, vnc_auth);
}

}  // namespace

void check_desktop_name_length(std::uint32_t length) {
  if (length <= limits::kMaxDesktopName) return;
  throw ProtocolError("server sent a desktop name of " + limits::size_text(length) +
                      ", over the limit of " + limits::size_text(limits::kMaxDesktopName));
}

boost::asio::awaitable<ServerInit> handshake(StreamReader& in, transport::ByteStream& out,
                                             const std::string& password) {
  auto first_view = co_await in.read(12);
  std::array<std::uint8_t, 24> fixed{};
  std::copy(first_view.begin(), first_view.end(), fixed.begin());
  std::string version;
  int minor = rfb_minor_version(std::span(fixed).first(12));
  if (minor >= 0) {
    version = std::string(fixed.begin(), fixed.begin() + 11);
    const char* reply = minor >= 8   ? "RFB 003.008\n"
                        : minor == 7 ? "RFB 003.007\n"
                                     : "RFB 003.003\n";
    out.send(std::vector<std::uint8_t>(reply, reply + 12));
    co_await negotiate_security(in, out, minor, password);
    out.send({1});  // ClientInit: shared, so other viewers stay connected
    auto all = co_await in.read(24);
    std::copy(all.begin(), all.end(), fixed.begin());
  } else {
    auto rest = co_await in.read(12);
    std::copy(rest.begin(), rest.end(), fixed.begin() + 12);
  }
  ServerInit init = parse_server_init_fixed(fixed);
  std::uint32_t name_length = server_init_name_length(fixed);
  check_desktop_name_length(name_length);
  auto name = co_await in.read(name_length);
  init.name.assign(name.begin(), name.end());
  init.version = version;
  co_return init;
}

}  // namespace mks::rfb
