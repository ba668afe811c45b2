#include "cli/sweep_targets.h"

#include <algorithm>
#include <fstream>
#include <stdexcept>

#include "agent/vsphere/console_target.h"

namespace mks::cli {
namespace {

namespace asio = boost::asio;

std::string trimmed(const std::string& line) {
  const auto hash = line.find('#');
  std::string text = line.substr(0, hash);
  const auto first = text.find_first_not_of(" \t\r");
  if (first == std::string::npos) return "";
  const auto last = text.find_last_not_of(" \t\r");
  return text.substr(first, last - first + 1);
}

// Parameters by value: each call outlives nothing of its caller.
asio::awaitable<vsphere::ConsoleAddress> resolved(vsphere::ConsoleTarget target,
                                                  transport::ConnectOptions console,
                                                  std::string password) {
  co_return co_await vsphere::resolve_console(target, console, password);
}

asio::awaitable<vsphere::ConsoleAddress> ticket_address(
    std::shared_ptr<vsphere::VcenterSession> vcenter, std::string moref,
    transport::ConnectOptions console) {
  const vsphere::ConsoleTicket ticket = co_await vcenter->acquire_ticket(moref);
  vsphere::ConsoleAddress address;
  address.url = transport::Url::parse(ticket.url);
  address.connect = console;
  if (ticket.thumbprint) address.connect.tls.thumbprint = ticket.thumbprint;
  address.api = ticket.api;
  co_return address;
}

}  // namespace

void sort_targets(std::vector<fleet::SweepTarget>& targets) {
  std::stable_sort(targets.begin(), targets.end(),
                   [](const fleet::SweepTarget& a, const fleet::SweepTarget& b) {
                     return std::tie(a.name, a.target) < std::tie(b.name, b.target);
                   });
}

std::vector<fleet::SweepTarget> targets_from_file(
    const std::filesystem::path& file, const transport::ConnectOptions& console,
    const std::function<std::string()>& vcenter_password) {
  std::ifstream in(file);
  if (!in) throw std::invalid_argument("cannot read the targets file " + file.string());
  std::vector<fleet::SweepTarget> targets;
  std::optional<std::string> password;
  int number = 0;
  for (std::string line; std::getline(in, line);) {
    ++number;
    const std::string text = trimmed(line);
    if (text.empty()) continue;
    vsphere::ConsoleTarget target;
    try {
      target = vsphere::ConsoleTarget::parse(text);
      if (target.vcenter && !password) password = vcenter_password();
    } catch (const std::invalid_argument& e) {
      throw std::invalid_argument(file.string() + ":" + std::to_string(number) + ": " + e.what());
    }
    fleet::SweepTarget sweep_target;
    sweep_target.name = target.redacted();
    sweep_target.target = target.redacted();
    sweep_target.address = [target, console, password = password.value_or("")] {
      return resolved(target, console, password);
    };
    targets.push_back(std::move(sweep_target));
  }
  if (targets.empty()) throw std::invalid_argument(file.string() + " names no console");
  sort_targets(targets);
  return targets;
}

std::vector<fleet::SweepTarget> targets_from_inventory(
    const std::shared_ptr<vsphere::VcenterSession>& vcenter,
    const std::vector<vsphere::VmRecord>& inventory, const vsphere::InventorySelection& selection,
    const std::string& vcenter_url, const transport::ConnectOptions& console) {
  vsphere::check_selection(selection, inventory);
  std::vector<fleet::SweepTarget> targets;
  for (const auto& vm : inventory) {
    if (!selection.matches(vm)) continue;
    fleet::SweepTarget target;
    target.name = vm.name;
    target.moref = vm.moref;
    target.host = vm.host;
    target.target = vcenter_url + " " + vm.moref;
    target.address = [vcenter, moref = vm.moref, console] {
      return ticket_address(vcenter, moref, console);
    };
    targets.push_back(std::move(target));
  }
  sort_targets(targets);
  return targets;
}

}  // namespace mks::cli
