#pragma once

// RFC 6455 §4.2.2: the Sec-WebSocket-Accept value a client checks, for test servers that
// answer the upgrade themselves (unit tests, the websocket_client fuzz target's peer).
#include <openssl/evp.h>

#include <string>

namespace mks::testing {

inline std::string websocket_accept(const std::string& key) {
  const std::string text = key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  EVP_Digest(text.data(), text.size(), digest, &size, EVP_sha1(), nullptr);
  std::string out(4 * ((size + 2) / 3) + 1, '\0');
  out.resize(EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()), digest, size));
  return out;
}

}  // namespace mks::testing
