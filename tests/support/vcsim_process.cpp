#include "tests/support/vcsim_process.h"

#include <unistd.h>

#include <atomic>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "tests/support/sim_process.h"

namespace mks::test {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

// vcsim has no "any free port" report of its own that we parse more easily than trying.
int pick_port() {
  static std::atomic<int> next{0};
  return 20000 + (getpid() * 7 + next++ * 13) % 20000;
}

// "VM <moref> <name> <state> <host> <cluster or -> <folder>"
VcsimVm parse_vm_line(const std::string& line) {
  std::istringstream in(line.substr(3));
  VcsimVm vm;
  in >> vm.moref >> vm.name >> vm.power_state >> vm.host >> vm.cluster >> vm.folder;
  if (vm.cluster == "-") vm.cluster.clear();
  return vm;
}

void add_console_flags(const VcsimOptions& options, std::vector<std::string>& args) {
  if (!options.console_url.empty()) args.insert(args.end(), {"-console", options.console_url});
  for (const auto& login : options.logins) args.insert(args.end(), {"-login", login});
  for (const auto& deny : options.denies) args.insert(args.end(), {"-deny", deny});
  if (options.no_screen) args.push_back("-no-screen");
  if (options.vmfs_screenshot_paths) args.insert(args.end(), {"-screenshot-path", "vmfs"});
}

}  // namespace

std::string VcsimProcess::missing() {
  if (!fs::exists(bin_path("vcsim-ticket"))) {
    return "vcsim-ticket was not built (install golang-go and golang-github-vmware-govmomi-dev, "
           "then re-run cmake)";
  }
  return "";
}

VcsimProcess::VcsimProcess(const TicketTarget& target, bool plain_http)
    : VcsimProcess(target, VcsimOptions{.plain_http = plain_http}) {}

VcsimProcess::VcsimProcess(const TicketTarget& target, const VcsimOptions& options) {
  const bool plain_http = options.plain_http;
  target_file_ =
      fs::temp_directory_path() / ("mks-vcsim-target-" + std::to_string(getpid()) + "-" +
                                   std::to_string(reinterpret_cast<std::uintptr_t>(this)));
  retarget(target);
  for (int attempt = 0; attempt < 5 && base_url_.empty(); ++attempt) {
    const std::string listen = "127.0.0.1:" + std::to_string(pick_port());
    std::vector<std::string> args = {"-listen", listen, "-user", kUser, "-pass", kPassword};
    if (plain_http) args.push_back("-http");
    args.insert(args.end(), options.inventory.begin(), options.inventory.end());
    add_console_flags(options, args);
    setenv("TICKET_TARGET_FILE", target_file_.c_str(), 1);
    if (options.moref_tokens) setenv("TICKET_TOKEN_PREFIX", "moref", 1);
    process_.emplace(bin_path("vcsim-ticket"), args);
    unsetenv("TICKET_TARGET_FILE");
    unsetenv("TICKET_TOKEN_PREFIX");
    vms_.clear();
    inventory_.clear();
    while (auto line = process_->read_line(20s)) {
      if (line->starts_with("VCSIM_URL=")) {
        base_url_ = std::string(plain_http ? "http" : "https") + "://" + listen;
      } else if (line->starts_with("VM ")) {
        inventory_.push_back(parse_vm_line(*line));
        vms_[inventory_.back().name] = inventory_.back().moref;
      } else if (line->starts_with("VCSIM_READY")) {
        break;
      }
    }
    if (base_url_.empty()) process_.reset();  // port taken: try another
  }
  if (base_url_.empty()) throw std::runtime_error("vcsim-ticket did not start");
}

VcsimProcess::~VcsimProcess() {
  process_.reset();
  std::error_code ignored;
  fs::remove(target_file_, ignored);
}

void VcsimProcess::retarget(const TicketTarget& target) {
  std::ofstream out(target_file_, std::ios::trunc);
  out << "TICKET_HOST=" << target.host << "\nTICKET_PORT=" << target.port
      << "\nTICKET_THUMBPRINT=" << target.thumbprint << "\nMKS_TICKET_PORT=" << target.mks_port
      << "\nMKS_TICKET_THUMBPRINT=" << target.mks_thumbprint << "\n";
  if (!target.mks_host.empty()) out << "MKS_TICKET_HOST=" << target.mks_host << "\n";
}

std::string VcsimProcess::host_port() const {
  return base_url_.substr(base_url_.find("://") + 3);
}

}  // namespace mks::test
