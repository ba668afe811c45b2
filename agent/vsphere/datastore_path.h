#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace mks::vsphere {

// A file on a datastore, as tasks name it. Two forms are in use: "[datastore1] vm/vm-1.png"
// and a host path "/vmfs/volumes/VOLUME/vm/vm-1.png", where VOLUME is the datastore's name or
// its UUID (which form a vCenter returns is not documented; both are read).
struct DatastorePath {
  std::string datastore;  // a name, or for the host form the volume as given
  std::string path;       // below the datastore, '/'-separated, no leading '/'
  bool host_form = false;

  // nullopt when `text` has neither form.
  static std::optional<DatastorePath> parse(std::string_view text);
  std::string bracketed() const;  // "[datastore1] vm/vm-1.png"
};

// The /folder URL target that downloads (GET) the file: "/folder/vm/vm-1.png?dcPath=DC&dsName=DS"
// with every part %-encoded ('/' kept in the path, escaped in dcPath's components).
std::string folder_target(const DatastorePath& file, std::string_view datacenter_path);

}  // namespace mks::vsphere
