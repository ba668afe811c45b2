#include "cli/ticket_command.h"

#include <CLI/CLI.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_future.hpp>
#include <iostream>
#include <nlohmann/json.hpp>

#include "agent/vsphere/console_target.h"
#include "agent/vsphere/soap_ticket_source.h"
#include "agent/vsphere/ticket_source.h"

namespace mks::cli {
namespace {

vsphere::VcenterLogin login_of(const TicketJob& job) {
  vsphere::VcenterLogin login;
  login.endpoint = vsphere::VcenterEndpoint::parse(job.vcenter);
  login.user = job.user;
  login.password = vsphere::vcenter_password(job.password_file);
  login.tls.insecure = job.insecure;
  if (!job.thumbprint.empty()) login.tls.thumbprint = transport::Thumbprint::parse(job.thumbprint);
  login.timeout = std::chrono::milliseconds(static_cast<long long>(job.timeout_s * 1000));
  return login;
}

void print(const vsphere::ConsoleTicket& ticket, bool json) {
  const std::string thumbprint = ticket.thumbprint ? ticket.thumbprint->to_string() : "";
  if (json) {
    std::cout << nlohmann::json{{"url", ticket.url},
                                {"thumbprint", thumbprint},
                                {"vm", ticket.vm},
                                {"api", ticket.api}}
                     .dump()
              << "\n";
    return;
  }
  std::cout << "url: " << ticket.url << "\n"
            << "thumbprint: "
            << (thumbprint.empty() ? "(none given: verify with the CA store)" : thumbprint) << "\n";
}

void print(const transport::AuthdTicket& ticket, bool json) {
  const std::string thumbprint = ticket.thumbprint ? ticket.thumbprint->to_string() : "";
  if (json) {
    std::cout << nlohmann::json{{"ticket", ticket.ticket},
                                {"cfgFile", ticket.cfg_file},
                                {"host", ticket.host},
                                {"port", ticket.port},
                                {"thumbprint", thumbprint}}
                     .dump()
              << "\n";
    return;
  }
  std::cout << "ticket: " << ticket.ticket << "\n"
            << "cfgFile: " << ticket.cfg_file << "\n"
            << "host: " << ticket.host << ":" << ticket.port << "\n"
            << "thumbprint: "
            << (thumbprint.empty() ? "(none given: verify with the CA store)" : thumbprint) << "\n";
}

boost::asio::awaitable<transport::AuthdTicket> acquire_mks(vsphere::VcenterLogin login,
                                                           vsphere::VmSelector vm) {
  vsphere::HttpClient http(co_await boost::asio::this_coro::executor, login.endpoint, login.tls,
                           login.timeout);
  co_return co_await vsphere::acquire_mks_ticket_soap(http, login, vm);
}

template <class Ticket>
int acquire_and_print(boost::asio::awaitable<Ticket> acquire, bool json) {
  boost::asio::io_context io;
  auto future = boost::asio::co_spawn(io, std::move(acquire), boost::asio::use_future);
  io.run();
  try {
    print(future.get(), json);
  } catch (const std::exception& e) {
    std::cerr << "mksagent: " << e.what() << "\n";
    return 1;
  }
  return 0;
}

}  // namespace

const CommandSummary kTicketCommand{
    "ticket",
    "Get a one-shot console ticket (WebMKS, or mks with --type mks) from vCenter (password from "
    "MKS_VCENTER_PASSWORD or --password-file)"};

void add_ticket_options(CLI::App& cmd, TicketJob& job) {
  cmd.add_option("--vcenter", job.vcenter, "vCenter: https://VC[:PORT]")
      ->required()
      ->type_name("URL");
  cmd.add_option("--user", job.user, "vCenter user, e.g. administrator@vsphere.local")
      ->required()
      ->type_name("USER");
  cmd.add_option("--vm", job.vm,
                 "The VM: its name, inventory path (DC/vm/folder/name) or id (vm-42)")
      ->required()
      ->type_name("VM");
  cmd.add_option("--password-file", job.password_file,
                 "Read the password from the first line of FILE (else MKS_VCENTER_PASSWORD)")
      ->type_name("FILE");
  cmd.add_option("--api", job.api,
                 "auto (REST, SOAP when vCenter has no REST tickets), rest or soap; SOAP tickets "
                 "carry the ESXi thumbprint")
      ->check(CLI::IsMember({"auto", "rest", "soap"}))
      ->type_name("API");
  cmd.add_option("--thumbprint", job.thumbprint, "Pin vCenter's certificate (SHA-1 or SHA-256 hex)")
      ->type_name("HEX");
  cmd.add_flag("--insecure", job.insecure, "Accept any certificate from vCenter (never implied)");
  cmd.add_option("--type", job.type,
                 "webmks (default: the WebSocket console URL) or mks (for the host's "
                 "authentication daemon on TCP 902; SOAP only)")
      ->check(CLI::IsMember({"webmks", "mks"}))
      ->type_name("TYPE");
  cmd.add_flag("--json", job.json,
               "Print {\"url\",\"thumbprint\",\"vm\",\"api\"} (mks: "
               "{\"ticket\",\"cfgFile\",\"host\",\"port\",\"thumbprint\"})");
  cmd.add_option("--timeout", job.timeout_s, "Seconds per request to vCenter (default 30)")
      ->check(CLI::PositiveNumber)
      ->type_name("SECONDS");
}

int run_ticket_command(const TicketJob& job) {
  vsphere::VcenterLogin login;
  vsphere::VmSelector vm;
  vsphere::TicketApi api;
  try {
    login = login_of(job);
    vm = vsphere::VmSelector::parse(job.vm);
    api = vsphere::parse_ticket_api(job.api);
    if (job.type == "mks" && api == vsphere::TicketApi::kRest) {
      throw std::invalid_argument("vCenter's REST API has no mks tickets: use --api soap");
    }
  } catch (const std::invalid_argument& e) {
    std::cerr << "mksagent: " << e.what() << "\n";
    return 2;
  }
  if (job.type == "mks") return acquire_and_print(acquire_mks(login, vm), job.json);
  return acquire_and_print(vsphere::acquire_console_ticket(login, vm, api), job.json);
}

}  // namespace mks::cli
