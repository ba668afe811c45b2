#include "agent/fleet/console_probe.h"

#include <algorithm>
#include <exception>

#include "agent/errors.h"
#include "agent/rfb/encoding_list.h"
#include "agent/transport/connect.h"

namespace mks::fleet {
namespace {

namespace asio = boost::asio;
using session::Clock;
using std::chrono::milliseconds;

long ms_since(Clock::time_point start) {
  return static_cast<long>(std::chrono::duration_cast<milliseconds>(Clock::now() - start).count());
}

milliseconds left_until(Clock::time_point deadline) {
  return std::max(milliseconds(1),
                  std::chrono::duration_cast<milliseconds>(deadline - Clock::now()));
}

}  // namespace

asio::awaitable<std::shared_ptr<session::Session>> open_session(AddressSource source,
                                                                session::SessionOptions options,
                                                                Clock::time_point deadline) {
  vsphere::ConsoleAddress address = co_await source();
  if (Clock::now() >= deadline) throw TimeoutError("no console ticket in time");
  address.connect.timeout = std::min(address.connect.timeout, left_until(deadline));
  auto stream = co_await transport::connect(address.url, address.connect);
  options.connect = address.connect;
  if (options.rfb.dialect == rfb::Dialect::kAuto) {
    options.rfb.dialect = rfb::dialect_for_url(address.url);
  }
  options.handshake_timeout = left_until(deadline);
  co_return co_await session::Session::open(std::move(stream), options);
}

asio::awaitable<Probe> probe_console(AddressSource source, ProbeOptions options) {
  const auto started = Clock::now();
  const auto deadline = started + options.timeout;
  auto session = co_await open_session(std::move(source), options.session, deadline);
  Probe probe;
  probe.connect_ms = ms_since(started);
  std::exception_ptr failure;
  try {
    probe.frame = co_await session->wait_full_frame(deadline);
    probe.frame_ms = ms_since(started) - probe.connect_ms;
  } catch (...) {
    failure = std::current_exception();
  }
  co_await session->close();
  if (failure) std::rethrow_exception(failure);
  co_return probe;
}

}  // namespace mks::fleet
