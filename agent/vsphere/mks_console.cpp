#include "agent/vsphere/mks_console.h"

#include <boost/asio/this_coro.hpp>
#include <stdexcept>

#include "agent/errors.h"
#include "agent/vsphere/soap_ticket_source.h"

namespace mks::vsphere {
namespace {

namespace asio = boost::asio;

asio::awaitable<transport::AuthdTicket> fresh_mks_ticket(const VcenterTarget& vc,
                                                         const transport::ConnectOptions& console,
                                                         const std::string& password) {
  const VcenterLogin login = vcenter_login(vc, console, password);
  HttpClient http(co_await asio::this_coro::executor, login.endpoint, login.tls, login.timeout);
  co_return co_await acquire_mks_ticket_soap(http, login, vc.vm);
}

}  // namespace

asio::awaitable<std::unique_ptr<transport::ByteStream>> connect_mks_console(
    ConsoleTarget target, transport::ConnectOptions console, std::string password) {
  if (!target.vcenter) {
    throw std::invalid_argument(
        "--via mks needs a vcenter:// target (mks tickets come from "
        "vCenter)");
  }
  const transport::AuthdOptions options{.insecure = console.tls.insecure,
                                        .timeout = console.timeout};
  for (int attempt = 0;; ++attempt) {
    transport::AuthdTicket ticket = co_await fresh_mks_ticket(*target.vcenter, console, password);
    try {
      co_return co_await transport::connect_authd(std::move(ticket), options);
    } catch (const TicketError&) {
      if (attempt > 0) throw;
    }
  }
}

asio::awaitable<std::shared_ptr<session::Session>> open_mks_console(const ConsoleTarget& target,
                                                                    session::SessionOptions options,
                                                                    const std::string& password) {
  options.reconnect = [target, console = options.connect, password] {
    return connect_mks_console(target, console, password);
  };
  options.rfb.direct_takes_scancodes = false;
  auto stream = co_await connect_mks_console(target, options.connect, password);
  co_return co_await session::Session::open(std::move(stream), std::move(options));
}

}  // namespace mks::vsphere
