#include "agent/vsphere/console_session.h"

#include <boost/asio/this_coro.hpp>
#include <stdexcept>

#include "agent/errors.h"
#include "agent/vsphere/mks_console.h"

namespace mks::vsphere {

namespace asio = boost::asio;

ConsoleVia console_via(const ConsoleTarget& target, const ConsoleRoute& route) {
  if (!target.vcenter) {
    if (route.via && *route.via != ConsoleVia::kWebmks) {
      throw std::invalid_argument("--via " + std::string(to_string(*route.via)) +
                                  " needs a vcenter:// target (a console URL is one path already)");
    }
    return ConsoleVia::kWebmks;
  }
  return route.via.value_or(target.vcenter->via.value_or(ConsoleVia::kWebmks));
}

void allow_reconnect(session::SessionOptions& options, const ConsoleTarget& target,
                     const std::string& password) {
  options.reconnect = console_reconnector(target, options.connect, password);
  options.no_reconnect_reason = why_no_reconnect(target);
}

asio::awaitable<std::shared_ptr<session::Session>> open_api_console(const ConsoleTarget& target,
                                                                    session::SessionOptions options,
                                                                    const std::string& password,
                                                                    const ApiConsoleOptions& api) {
  const VcenterTarget& vc = *target.vcenter;
  const VcenterLogin login = vcenter_login(vc, options.connect, password);
  const auto executor = co_await asio::this_coro::executor;
  auto vcenter = co_await VcenterSession::open(executor, login);
  auto vm = co_await VmConsoleApi::open(vcenter, vc.vm);
  auto backend = std::make_unique<ApiConsoleBackend>(executor, std::move(vm), api);
  // The backend paces its calls; the session adds no pause per key event on top.
  options.key_delay = std::chrono::milliseconds(0);
  options.reconnect = {};
  co_return co_await session::Session::open(std::move(backend), options);
}

namespace {

asio::awaitable<std::shared_ptr<session::Session>> open_webmks_console(
    const ConsoleTarget& target, session::SessionOptions options, const std::string& password) {
  allow_reconnect(options, target, password);
  const ConsoleAddress address = co_await resolve_console(target, options.connect, password);
  options.connect = address.connect;
  co_return co_await session::Session::open(address.url, options);
}

void tell(const ConsoleRoute& route, const std::string& line) {
  if (route.progress) route.progress(line);
}

}  // namespace

asio::awaitable<std::shared_ptr<session::Session>> open_console(const ConsoleTarget& target,
                                                                session::SessionOptions options,
                                                                const std::string& password,
                                                                ConsoleRoute route) {
  const ConsoleVia via = console_via(target, route);
  if (via == ConsoleVia::kWebmks) co_return co_await open_webmks_console(target, options, password);
  if (via == ConsoleVia::kMks) {
    tell(route, "console path: the ESXi host's authentication daemon (TCP 902, asked for)");
    co_return co_await open_mks_console(target, options, password);
  }
  if (via == ConsoleVia::kApi) {
    tell(route, "console path: vSphere API (asked for)");
    co_return co_await open_api_console(target, options, password, route.api);
  }
  // auto: a ticket first (a vCenter that refuses it fails both paths alike), then the host.
  std::string why;
  try {
    auto session = co_await open_webmks_console(target, options, password);
    tell(route, "console path: WebMKS (the ESXi host answered)");
    co_return session;
  } catch (const TransportError& e) {
    why = e.what();
  } catch (const TlsError& e) {
    why = e.what();
  } catch (const TimeoutError& e) {
    why = e.what();
  } catch (const TicketError& e) {
    why = e.what();
  }
  tell(route, "console path: vSphere API, because WebMKS failed: " + why);
  co_return co_await open_api_console(target, options, password, route.api);
}

}  // namespace mks::vsphere
