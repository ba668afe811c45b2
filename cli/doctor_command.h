#pragma once

#include <string>

#include "cli/command_summary.h"

namespace CLI {
class App;
}

namespace mks::cli {

// mksagent doctor TARGET: every hop to the console checked and printed as a table or JSON.
struct DoctorJob {
  std::string target;
  bool json = false;
  bool insecure = false;
  std::string thumbprint;
  double timeout_s = 10;  // per hop
  std::string password_file;
};

extern const CommandSummary kDoctorCommand;
void add_doctor_options(CLI::App& cmd, DoctorJob& job);
// Exit status: 0 at least one console path works, 1 none does, 2 bad input.
int run_doctor_command(const DoctorJob& job);

}  // namespace mks::cli
