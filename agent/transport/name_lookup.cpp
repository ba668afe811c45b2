#include "agent/transport/name_lookup.h"

#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <memory>

namespace mks::transport {

namespace asio = boost::asio;
using boost::system::error_code;
using tcp = asio::ip::tcp;

asio::awaitable<tcp::resolver::results_type> look_up(asio::any_io_executor executor,
                                                     std::string host, std::uint16_t port,
                                                     std::chrono::steady_clock::time_point deadline,
                                                     error_code& ec) {
  const std::string service = std::to_string(port);
  error_code not_numeric;
  const auto address = asio::ip::make_address(host, not_numeric);
  if (!not_numeric) {
    ec = {};
    co_return tcp::resolver::results_type::create(tcp::endpoint(address, port), host, service);
  }
  auto resolver = std::make_shared<tcp::resolver>(executor);
  auto watchdog = std::make_shared<asio::steady_timer>(executor, deadline);
  watchdog->async_wait([resolver](const error_code& fired) {
    if (!fired) resolver->cancel();
  });
  auto results = co_await resolver->async_resolve(host, service,
                                                  asio::redirect_error(asio::use_awaitable, ec));
  watchdog->cancel();
  if (ec == asio::error::operation_aborted) ec = asio::error::timed_out;
  co_return results;
}

}  // namespace mks::transport
