#include "agent/rfb/vnc_auth.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>

#include <memory>
#include <stdexcept>

#include "agent/errors.h"

namespace mks::rfb {
namespace {

constexpr std::size_t kDesKeySize = 8;

std::uint8_t reverse_bits(std::uint8_t b) {
  std::uint8_t out = 0;
  for (int i = 0; i < 8; ++i) out |= static_cast<std::uint8_t>(((b >> i) & 1) << (7 - i));
  return out;
}

}  // namespace

std::array<std::uint8_t, kVncAuthChallengeSize> vnc_auth_response(
    std::span<const std::uint8_t> challenge, std::string_view password) {
  if (challenge.size() != kVncAuthChallengeSize) {
    throw ProtocolError("VNC authentication challenge is not 16 bytes");
  }
  // Single DES lives in OpenSSL 3's legacy provider, which Debian does not load by default.
  // Triple DES (default provider) with the same key three times is single DES.
  std::array<std::uint8_t, 3 * kDesKeySize> key{};
  for (std::size_t i = 0; i < kDesKeySize && i < password.size(); ++i) {
    key[i] = reverse_bits(static_cast<std::uint8_t>(password[i]));
  }
  std::copy(key.begin(), key.begin() + kDesKeySize, key.begin() + kDesKeySize);
  std::copy(key.begin(), key.begin() + kDesKeySize, key.begin() + 2 * kDesKeySize);

  std::unique_ptr<EVP_CIPHER_CTX, decltype(&EVP_CIPHER_CTX_free)> ctx(EVP_CIPHER_CTX_new(),
                                                                      &EVP_CIPHER_CTX_free);
  std::array<std::uint8_t, kVncAuthChallengeSize> out{};
  int written = 0;
  const bool ok =
      ctx && EVP_EncryptInit_ex(ctx.get(), EVP_des_ede3_ecb(), nullptr, key.data(), nullptr) == 1;
  OPENSSL_cleanse(key.data(), key.size());
  if (!ok || EVP_CIPHER_CTX_set_padding(ctx.get(), 0) != 1 ||
      EVP_EncryptUpdate(ctx.get(), out.data(), &written, challenge.data(),
                        static_cast<int>(challenge.size())) != 1 ||
      written != static_cast<int>(out.size())) {
    throw AuthError("VNC authentication: OpenSSL could not run DES");
  }
  return out;
}

}  // namespace mks::rfb
