#include "tools/webmks_sim/net/self_signed_cert.h"

#include <openssl/rand.h>
#include <openssl/x509v3.h>

#include <boost/asio/ip/address.hpp>
#include <stdexcept>

namespace mks::sim {
namespace {

constexpr long kBackdateSeconds = 3600;  // tolerate clock skew
constexpr long kValiditySeconds = 30L * 24 * 3600;

void check(int ok, const char* step) {
  if (ok != 1) throw std::runtime_error(std::string("self-signed certificate: ") + step);
}

void add_extension(X509* cert, int nid, const std::string& value) {
  X509V3_CTX context;
  X509V3_set_ctx_nodb(&context);
  X509V3_set_ctx(&context, cert, cert, nullptr, nullptr, 0);
  X509_EXTENSION* extension = X509V3_EXT_conf_nid(nullptr, &context, nid, value.c_str());
  if (extension == nullptr) throw std::runtime_error("self-signed certificate: bad " + value);
  const int ok = X509_add_ext(cert, extension, -1);
  X509_EXTENSION_free(extension);
  check(ok, "X509_add_ext");
}

void set_serial(X509* cert) {
  std::uint32_t serial = 0;
  check(RAND_bytes(reinterpret_cast<unsigned char*>(&serial), sizeof serial), "RAND_bytes");
  check(ASN1_INTEGER_set(X509_get_serialNumber(cert), static_cast<long>(serial >> 1) + 1),
        "serial");
}

void set_name(X509* cert, const std::string& host) {
  X509_NAME* name = X509_get_subject_name(cert);
  const auto* cn = reinterpret_cast<const unsigned char*>(host.c_str());
  const auto* org = reinterpret_cast<const unsigned char*>("webmks-sim");
  check(X509_NAME_add_entry_by_txt(name, "O", MBSTRING_ASC, org, -1, -1, 0), "O");
  check(X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, cn, -1, -1, 0), "CN");
  check(X509_set_issuer_name(cert, name), "issuer");
}

std::string subject_alt_names(const std::string& host) {
  boost::system::error_code ec;
  boost::asio::ip::make_address(host, ec);
  if (!ec) return "IP:" + host + ",DNS:localhost";
  return host == "localhost" ? "DNS:localhost" : "DNS:" + host + ",DNS:localhost";
}

}  // namespace

SelfSignedCert make_self_signed_cert(const std::string& host) {
  SelfSignedCert out;
  out.key.reset(EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256"));
  if (!out.key) throw std::runtime_error("self-signed certificate: EC key generation failed");
  out.cert.reset(X509_new());
  X509* cert = out.cert.get();
  check(X509_set_version(cert, 2), "version");  // 2 means X.509 v3
  set_serial(cert);
  if (!X509_gmtime_adj(X509_getm_notBefore(cert), -kBackdateSeconds) ||
      !X509_gmtime_adj(X509_getm_notAfter(cert), kValiditySeconds)) {
    throw std::runtime_error("self-signed certificate: validity");
  }
  check(X509_set_pubkey(cert, out.key.get()), "public key");
  set_name(cert, host);
  add_extension(cert, NID_basic_constraints, "critical,CA:FALSE");
  add_extension(cert, NID_key_usage, "critical,digitalSignature");
  add_extension(cert, NID_ext_key_usage, "serverAuth");
  add_extension(cert, NID_subject_alt_name, subject_alt_names(host));
  if (X509_sign(cert, out.key.get(), EVP_sha256()) <= 0) {
    throw std::runtime_error("self-signed certificate: signing failed");
  }
  const int size = i2d_X509(cert, nullptr);
  out.der.resize(static_cast<std::size_t>(size));
  unsigned char* der = out.der.data();
  i2d_X509(cert, &der);
  return out;
}

}  // namespace mks::sim
