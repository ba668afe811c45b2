#include "agent/vsphere/datastore_path.h"

#include "agent/vsphere/url_encoding.h"

namespace mks::vsphere {

std::optional<DatastorePath> DatastorePath::parse(std::string_view text) {
  if (text.starts_with('[')) {
    const auto close = text.find(']');
    if (close == std::string_view::npos || close == 1) return std::nullopt;
    std::string_view rest = text.substr(close + 1);
    while (rest.starts_with(' ')) rest.remove_prefix(1);
    if (rest.empty()) return std::nullopt;
    return DatastorePath{std::string(text.substr(1, close - 1)), std::string(rest), false};
  }
  constexpr std::string_view kVolumes = "/vmfs/volumes/";
  if (!text.starts_with(kVolumes)) return std::nullopt;
  std::string_view rest = text.substr(kVolumes.size());
  const auto slash = rest.find('/');
  if (slash == 0 || slash == std::string_view::npos || slash + 1 == rest.size()) {
    return std::nullopt;
  }
  return DatastorePath{std::string(rest.substr(0, slash)), std::string(rest.substr(slash + 1)),
                       true};
}

std::string DatastorePath::bracketed() const {
  return "[" + datastore + "] " + path;
}

std::string folder_target(const DatastorePath& file, std::string_view datacenter_path) {
  return "/folder/" + percent_encode(file.path, "/") +
         "?dcPath=" + percent_encode(datacenter_path, "/") +
         "&dsName=" + percent_encode(file.datastore);
}

}  // namespace mks::vsphere
