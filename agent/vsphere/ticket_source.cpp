#include "agent/vsphere/ticket_source.h"

#include <boost/asio/this_coro.hpp>
#include <stdexcept>

#include "agent/vsphere/rest_ticket_source.h"
#include "agent/vsphere/soap_ticket_source.h"

namespace mks::vsphere {

TicketApi parse_ticket_api(std::string_view text) {
  if (text == "auto") return TicketApi::kAuto;
  if (text == "rest") return TicketApi::kRest;
  if (text == "soap") return TicketApi::kSoap;
  throw std::invalid_argument("unknown vCenter API '" + std::string(text) +
                              "' (auto, rest or soap)");
}

boost::asio::awaitable<ConsoleTicket> acquire_console_ticket(VcenterLogin login, VmSelector vm,
                                                             TicketApi api) {
  HttpClient http(co_await boost::asio::this_coro::executor, login.endpoint, login.tls,
                  login.timeout);
  if (api != TicketApi::kSoap) {
    try {
      co_return co_await acquire_ticket_rest(http, login, vm);
    } catch (const RestEndpointMissing&) {
      if (api == TicketApi::kRest) throw;
    }
  }
  co_return co_await acquire_ticket_soap(http, login, vm);
}

}  // namespace mks::vsphere
