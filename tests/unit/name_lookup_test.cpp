// look_up(): addresses written as digits are answered without the resolver, so even a
// deadline already past finds them; names go through the resolver.
#include "agent/transport/name_lookup.h"

#include <gtest/gtest.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_future.hpp>
#include <fstream>
#include <string>
#include <vector>

namespace mks::transport {
namespace {

namespace asio = boost::asio;
using boost::system::error_code;
using tcp = asio::ip::tcp;

struct Lookup {
  error_code ec;
  std::vector<tcp::endpoint> endpoints;
  int threads_started = 0;  // Asio's resolver starts a thread that lives as long as `io`
};

int thread_count() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.starts_with("Threads:")) return std::stoi(line.substr(8));
  }
  return -1;
}

Lookup look_up_now(const std::string& host, std::chrono::steady_clock::time_point deadline) {
  asio::io_context io;
  Lookup lookup;
  auto done = asio::co_spawn(
      io,
      [&]() -> asio::awaitable<void> {
        const int before = thread_count();
        const auto results = co_await look_up(io.get_executor(), host, 5900, deadline, lookup.ec);
        lookup.threads_started = thread_count() - before;
        for (const auto& entry : results) lookup.endpoints.push_back(entry.endpoint());
      },
      asio::use_future);
  io.run();
  done.get();
  return lookup;
}

TEST(NameLookup, NumericAddresses_AnsweredWithoutTheResolverEvenPastTheDeadline) {
  const auto past = std::chrono::steady_clock::now() - std::chrono::seconds(1);
  const auto v4 = look_up_now("127.0.0.1", past);
  EXPECT_FALSE(v4.ec) << v4.ec.message();
  ASSERT_EQ(v4.endpoints.size(), 1u);
  EXPECT_EQ(v4.endpoints[0], tcp::endpoint(asio::ip::make_address("127.0.0.1"), 5900));
  EXPECT_EQ(v4.threads_started, 0);
  const auto v6 = look_up_now("::1", past);
  EXPECT_FALSE(v6.ec) << v6.ec.message();
  ASSERT_EQ(v6.endpoints.size(), 1u);
  EXPECT_EQ(v6.endpoints[0], tcp::endpoint(asio::ip::make_address("::1"), 5900));
}

TEST(NameLookup, Names_GoThroughTheResolver) {
  const auto found =
      look_up_now("localhost", std::chrono::steady_clock::now() + std::chrono::seconds(10));
  EXPECT_FALSE(found.ec) << found.ec.message();
  EXPECT_FALSE(found.endpoints.empty());
  EXPECT_EQ(found.threads_started, 1);
}

}  // namespace
}  // namespace mks::transport
