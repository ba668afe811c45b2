#include "cli/shipped_files.h"

#include <system_error>

namespace mks::cli {

namespace fs = std::filesystem;

fs::path shipped_scenarios_dir() {
  std::error_code error;
  const fs::path program = fs::read_symlink("/proc/self/exe", error);
  if (!error) {
    const fs::path installed = program.parent_path().parent_path() / "share/mksagent/scenarios";
    if (fs::is_directory(installed, error)) return installed;
  }
  const fs::path built_from = MKS_SCENARIOS_DIR;
  if (fs::is_directory(built_from, error)) return built_from;
  return {};
}

}  // namespace mks::cli
