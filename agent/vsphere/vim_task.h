#pragma once

#include <boost/asio/awaitable.hpp>
#include <chrono>
#include <string>

#include "agent/vsphere/vim_service.h"

namespace mks::vsphere {

// Polls a Task's info until it succeeds (returns the text of info.result, "" when it has
// none) or fails (SoapFault with the task's fault type and message). TimeoutError at
// `deadline`; `what` names the task in messages ("CreateScreenshot_Task of vm-42").
boost::asio::awaitable<std::string> wait_for_task(SoapClient& soap, const ServiceContent& service,
                                                  const ManagedObject& task,
                                                  std::chrono::steady_clock::time_point deadline,
                                                  const std::string& what);

}  // namespace mks::vsphere
