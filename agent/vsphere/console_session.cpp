#include "agent/vsphere/console_session.h"

namespace mks::vsphere {

void allow_reconnect(session::SessionOptions& options, const ConsoleTarget& target,
                     const std::string& password) {
  options.reconnect = console_reconnector(target, options.connect, password);
  options.no_reconnect_reason = why_no_reconnect(target);
}

boost::asio::awaitable<std::shared_ptr<session::Session>> open_console(
    const ConsoleTarget& target, session::SessionOptions options, const std::string& password) {
  allow_reconnect(options, target, password);
  const ConsoleAddress address = co_await resolve_console(target, options.connect, password);
  options.connect = address.connect;
  co_return co_await session::Session::open(address.url, options);
}

}  // namespace mks::vsphere
