#include "agent/vsphere/vim_task.h"

#include <algorithm>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "agent/errors.h"
#include "agent/vsphere/object_properties.h"

namespace mks::vsphere {

namespace asio = boost::asio;
using Clock = std::chrono::steady_clock;

namespace {

// A failed task's info.error: a LocalizedMethodFault whose <fault> carries the type.
[[noreturn]] void throw_task_error(XmlReply::Node info, const std::string& what,
                                   const std::string& host) {
  XmlReply::Node error = XmlReply::child(info, "error");
  const std::string type = XmlReply::attribute(XmlReply::child(error, "fault"), "type");
  const std::string message = XmlReply::child_text(error, "localizedMessage").value_or("");
  const std::string bare =
      type.substr(type.find(':') == std::string::npos ? 0 : type.find(':') + 1);
  throw SoapFault("vCenter " + host + ": " + what + " failed (" +
                      (bare.empty() ? std::string("task error") : bare) +
                      (message.empty() ? "" : ": " + message) + ")",
                  bare);
}

}  // namespace

asio::awaitable<std::string> wait_for_task(SoapClient& soap, const ServiceContent& service,
                                           const ManagedObject& task, Clock::time_point deadline,
                                           const std::string& what) {
  // vCenter finishes a screenshot in a few hundred ms: poll fast first, then back off.
  std::chrono::milliseconds pause{50};
  const std::vector<std::string> paths = {"info"};
  for (;;) {
    const XmlReply reply = co_await retrieve_object_properties(soap, service, task, paths);
    XmlReply::Node info = property_value(reply, "info");
    const std::string state = XmlReply::child_text(info, "state").value_or("");
    if (state == "success") co_return XmlReply::child_text(info, "result").value_or("");
    if (state == "error") throw_task_error(info, what, soap.host());
    if (info == nullptr) {
      throw VcenterError("vCenter " + soap.host() + ": " + what + " has no task info");
    }
    if (Clock::now() + pause >= deadline) {
      throw TimeoutError("vCenter " + soap.host() + ": " + what + " did not finish in time (" +
                         (state.empty() ? std::string("no state") : state) + ")");
    }
    asio::steady_timer timer(co_await asio::this_coro::executor, pause);
    co_await timer.async_wait(asio::use_awaitable);
    pause = std::min(pause * 2, std::chrono::milliseconds(1000));
  }
}

}  // namespace mks::vsphere
