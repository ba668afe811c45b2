#pragma once

#include <openssl/evp.h>
#include <openssl/x509.h>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace mks::sim {

struct X509Free {
  void operator()(X509* cert) const { X509_free(cert); }
};
struct EvpPkeyFree {
  void operator()(EVP_PKEY* key) const { EVP_PKEY_free(key); }
};

// A throw-away server certificate made in memory at start-up, like a fresh ESXi host's.
struct SelfSignedCert {
  std::unique_ptr<X509, X509Free> cert;
  std::unique_ptr<EVP_PKEY, EvpPkeyFree> key;
  std::vector<std::uint8_t> der;
};

// EC P-256 key, X.509 v3, CN=`host`, subjectAltName IP:`host` (when it is an address) and
// DNS:localhost, valid from an hour ago for 30 days, signed with SHA-256.
SelfSignedCert make_self_signed_cert(const std::string& host);

}  // namespace mks::sim
