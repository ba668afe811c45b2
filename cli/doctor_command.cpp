#include "cli/doctor_command.h"

#include <CLI/CLI.hpp>
#include <algorithm>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <exception>
#include <iostream>
#include <nlohmann/json.hpp>
#include <optional>

#include "agent/doctor/doctor.h"
#include "agent/rfb/vnc_password.h"
#include "cli/io_run.h"

namespace mks::cli {
namespace {

doctor::DoctorOptions options_of(const DoctorJob& job) {
  doctor::DoctorOptions options;
  options.target = vsphere::ConsoleTarget::parse(job.target);
  if (options.target.vcenter) {
    options.vcenter_password = vsphere::vcenter_password(job.password_file);
  } else {
    options.vnc_password = rfb::vnc_password(job.password_file);
  }
  options.tls.insecure = job.insecure;
  if (!job.thumbprint.empty())
    options.tls.thumbprint = transport::Thumbprint::parse(job.thumbprint);
  options.hop_timeout = std::chrono::milliseconds(static_cast<long>(job.timeout_s * 1000));
  return options;
}

bool uses_up_a_ticket(const doctor::DoctorReport& report, const DoctorJob& job) {
  const doctor::Hop* upgrade = report.find("WebSocket upgrade");
  return job.target.find("/ticket/") != std::string::npos && upgrade &&
         upgrade->status != doctor::HopStatus::kSkip;
}

void print_path(const char* name, const doctor::PathResult& path) {
  std::cout << "  " << name << std::string(8 - std::string(name).size(), ' ') << path.state;
  if (!path.ok() && !path.why.empty()) std::cout << " (" << path.why << ")";
  std::cout << "\n";
}

void print_table(const doctor::DoctorReport& report, const DoctorJob& job) {
  std::size_t width = 0;
  for (const auto& hop : report.hops) width = std::max(width, hop.name.size());
  std::cout << "doctor: " << report.target << "\n";
  for (const auto& hop : report.hops) {
    const std::string status(doctor::to_string(hop.status));
    std::cout << status << std::string(6 - status.size(), ' ') << hop.name
              << std::string(width + 2 - hop.name.size(), ' ') << hop.detail;
    if (hop.status != doctor::HopStatus::kSkip) std::cout << " (" << hop.ms << " ms)";
    if (!hop.advice.empty()) std::cout << " -> " << hop.advice;
    std::cout << "\n";
  }
  std::cout << "paths:\n";
  print_path("webmks", report.webmks);
  print_path("api", report.api);
  print_path("902", report.port_902);
  std::cout << "--via auto would pick: " << report.auto_pick() << "\n";
  if (uses_up_a_ticket(report, job)) {
    std::cout << "note: the ticket URL was used by this check (a ticket works once): get a new "
                 "one to connect\n";
  }
  std::cout << "total: " << report.total_ms << " ms\n";
}

void print_json(const doctor::DoctorReport& report, const DoctorJob& job) {
  nlohmann::json hops = nlohmann::json::array();
  for (const auto& hop : report.hops) {
    hops.push_back({{"name", hop.name},
                    {"status", doctor::to_string(hop.status)},
                    {"detail", hop.detail},
                    {"advice", hop.advice},
                    {"ms", hop.ms}});
  }
  nlohmann::json out = {{"target", report.target},
                        {"hops", hops},
                        {"paths",
                         {{"webmks", report.webmks.state},
                          {"api", report.api.state},
                          {"902", report.port_902.state}}},
                        {"auto", report.auto_pick()},
                        {"total_ms", report.total_ms},
                        {"ticket_used", uses_up_a_ticket(report, job)}};
  std::cout << out.dump() << "\n";
}

}  // namespace

const CommandSummary kDoctorCommand{
    "doctor",
    "Check every hop to a console in order (name, TCP, TLS, login, VM, privileges, ticket, "
    "ESXi host, WebSocket, RFB, first frame, the API path) and say which paths work. Exit 0 "
    "when one does. A ticket URL works once: doctor uses it up"};

void add_doctor_options(CLI::App& cmd, DoctorJob& job) {
  cmd.add_option("TARGET", job.target,
                 "vcenter://USER@VC/VM (password from MKS_VCENTER_PASSWORD[_FILE] or "
                 "--password-file), wss://HOST/ticket/TOKEN, ws://HOST:PORT/ or vnc://HOST[:PORT]")
      ->required()
      ->type_name("TARGET");
  cmd.add_flag("--json", job.json,
               "Print {\"target\",\"hops\":[{\"name\",\"status\",\"detail\",\"advice\",\"ms\"}],"
               "\"paths\":{\"webmks\",\"api\",\"902\"},\"auto\",\"total_ms\",\"ticket_used\"}");
  cmd.add_flag("--insecure", job.insecure, "Accept any TLS certificate (never implied)");
  cmd.add_option("--thumbprint", job.thumbprint,
                 "Pin vCenter's certificate (a console URL's for wss://) by its SHA-1 or SHA-256 "
                 "thumbprint; ?thumbprint= in a vcenter:// target wins")
      ->type_name("HEX");
  cmd.add_option("--timeout", job.timeout_s, "Seconds each hop may take (default 10)")
      ->check(CLI::PositiveNumber)
      ->type_name("SECONDS");
  cmd.add_option("--password-file", job.password_file,
                 "The vCenter password (vcenter://) or VNC password from the first line of FILE")
      ->type_name("FILE");
}

int run_doctor_command(const DoctorJob& job) {
  doctor::DoctorOptions options;
  try {
    options = options_of(job);
  } catch (const std::exception& e) {
    std::cerr << "mksagent: " << transport::redact_tickets(e.what()) << "\n";
    return 2;
  }
  boost::asio::io_context io;
  std::optional<doctor::DoctorReport> report;
  std::exception_ptr failure;
  bool done = false;
  boost::asio::co_spawn(io, doctor::run_doctor(std::move(options)),
                        [&](std::exception_ptr e, doctor::DoctorReport r) {
                          failure = e;
                          if (!e) report = std::move(r);
                          done = true;
                        });
  run_until_done(io, done);
  if (!report) {
    try {
      if (failure) std::rethrow_exception(failure);
      std::cerr << "mksagent: doctor did not finish\n";
    } catch (const std::exception& e) {
      std::cerr << "mksagent: " << transport::redact_tickets(e.what()) << "\n";
    }
    return 1;
  }
  if (job.json) {
    print_json(*report, job);
  } else {
    print_table(*report, job);
  }
  return report->any_path_ok() ? 0 : 1;
}

}  // namespace mks::cli
