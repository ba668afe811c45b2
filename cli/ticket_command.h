#pragma once

#include <string>

#include "cli/command_summary.h"

namespace CLI {
class App;
}

namespace mks::cli {

// mksagent ticket --vcenter https://VC --user U --vm VM [--type webmks|mks] [--json]: a fresh
// WebMKS ticket from vCenter, printed as the console URL and the thumbprint to pin; or an
// `mks` ticket for the host's authentication daemon (TCP 902): ticket, cfgFile, host, port,
// thumbprint.
struct TicketJob {
  std::string vcenter;
  std::string user;
  std::string vm;
  std::string password_file;
  std::string api = "auto";
  std::string type = "webmks";
  std::string thumbprint;  // vCenter's certificate
  bool insecure = false;
  bool json = false;
  double timeout_s = 30;
};

extern const CommandSummary kTicketCommand;
void add_ticket_options(CLI::App& cmd, TicketJob& job);
// Exit status: 0 printed, 1 vCenter said no (one line on stderr), 2 bad input.
int run_ticket_command(const TicketJob& job);

}  // namespace mks::cli
