#pragma once

#include <boost/asio/awaitable.hpp>
#include <vector>

#include "agent/vsphere/inventory_selection.h"
#include "agent/vsphere/view_properties.h"

namespace mks::vsphere {

// Every VM of the inventory with its host, cluster and folder, from one ContainerView of
// VMs, hosts, compute resources, folders and datacenters (paged, `page_size` objects a
// page). Sorted by name.
boost::asio::awaitable<std::vector<VmRecord>> read_vm_inventory(SoapClient& soap,
                                                                const ServiceContent& service,
                                                                int page_size);

// The VmRecords those objects describe: a VM's folder path follows "parent" up through
// folders and datacenters until an object outside the list (the root folder).
std::vector<VmRecord> vm_records(const std::vector<ObjectProperties>& objects);

}  // namespace mks::vsphere
