// What ESXi's authentication daemon (TCP 902) says, as the agent reads it: the greeting, reply
// lines, and a CONNECT's 630 redirect, each line of the input in turn, with a ticket to mask.
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "agent/errors.h"
#include "agent/transport/authd_reply.h"
#include "tests/fuzz/fuzz_target.h"

MKS_FUZZ_TARGET(authd_replies) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  const std::vector<std::string> secrets = {"52cf8c64-9343-7cb7", "QUJDREVGR0hJSktM"};
  bool first = true;
  while (!text.empty()) {
    const auto end = text.find('\n');
    const std::string_view line = text.substr(0, end);
    text = end == std::string_view::npos ? std::string_view() : text.substr(end + 1);
    try {
      if (first) {
        first = false;
        mks::transport::authd_banner_requires_tls(line);
        continue;
      }
      const auto reply = mks::transport::parse_authd_reply(line, secrets);
      mks::transport::parse_authd_redirect(reply);
    } catch (const mks::ProtocolError& e) {
      mks::fuzz::expected_error(e);
    }
  }
  return 0;
}
