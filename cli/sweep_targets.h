#pragma once

#include <boost/asio/awaitable.hpp>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "agent/fleet/sweep.h"
#include "agent/transport/connect.h"
#include "agent/vsphere/vcenter_session.h"

namespace mks::cli {

// The consoles of a targets file: one target per line (any console URL, or vcenter://), '#'
// starts a comment, blank lines are skipped; each console named by its line (ticket
// redacted), sorted by name. `vcenter_password` is asked for only when a vcenter:// line is
// there. Throws std::invalid_argument "FILE:LINE: problem" for a line that is no target, and
// for a file that cannot be read or names no console.
std::vector<fleet::SweepTarget> targets_from_file(
    const std::filesystem::path& file, const transport::ConnectOptions& console,
    const std::function<std::string()>& vcenter_password);

// The VMs of the inventory `selection` picks, sorted by name, each getting its ticket from
// `vcenter` just before its connection. Throws std::invalid_argument for a folder, cluster
// or host the inventory does not have.
std::vector<fleet::SweepTarget> targets_from_inventory(
    const std::shared_ptr<vsphere::VcenterSession>& vcenter,
    const std::vector<vsphere::VmRecord>& inventory, const vsphere::InventorySelection& selection,
    const std::string& vcenter_url, const transport::ConnectOptions& console);

// Sorted by name, then target: the order shards are cut from.
void sort_targets(std::vector<fleet::SweepTarget>& targets);

}  // namespace mks::cli
