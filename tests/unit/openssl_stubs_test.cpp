// OpenSSL through the stubs of agent/openssl: the first calls, from several threads at once,
// open the library once and all reach the real functions. Run in a fresh process of its own
// (a threadsafe death test re-executes the program), where nothing has called OpenSSL yet.
// (This program links FFmpeg, whose dependencies map libssl at start-up: that mksagent itself
// does not is tests/e2e/startup_test.cpp's.)
#include <gtest/gtest.h>
#include <openssl/evp.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace mks::openssl {
namespace {

bool libssl_mapped() {
  std::ifstream maps("/proc/self/maps");
  std::stringstream text;
  text << maps.rdbuf();
  return text.str().find("libssl.so") != std::string::npos;
}

std::string sha256_hex(const std::string& data) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int size = 0;
  if (EVP_Digest(data.data(), data.size(), digest.data(), &size, EVP_sha256(), nullptr) != 1) {
    return "";
  }
  std::string hex;
  for (unsigned int i = 0; i < size; ++i) {
    static constexpr char kDigits[] = "0123456789abcdef";
    hex += kDigits[digest[i] >> 4];
    hex += kDigits[digest[i] & 15];
  }
  return hex;
}

// Exit status 0 when every thread got the right digest; 1 otherwise.
[[noreturn]] void race_first_calls() {
  std::vector<std::string> results(8);
  std::vector<std::thread> threads;
  for (auto& result : results) {
    threads.emplace_back([&result] { result = sha256_hex("abc"); });
  }
  for (auto& thread : threads) thread.join();
  bool ok = libssl_mapped();
  for (const auto& result : results) {
    ok &= result == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
  }
  if (!ok) {
    std::fprintf(stderr, "libssl mapped: %d; digests: %s\n", libssl_mapped(),
                 results.front().c_str());
  }
  std::_Exit(ok ? 0 : 1);
}

TEST(OpenSslStubs, FirstCallsFromManyThreads_OpenTheLibraryOnce_AndReachTheRealFunctions) {
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  EXPECT_EXIT(race_first_calls(), ::testing::ExitedWithCode(0), "");
}

}  // namespace
}  // namespace mks::openssl
