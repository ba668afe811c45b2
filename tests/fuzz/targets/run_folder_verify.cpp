// `mksagent verify` on a run folder someone else handed over: manifest.json, its signature
// (manifest.json.sig, manifest.pub.pem) and a listed file are all taken from the input
// (parts split at "\n@@@\n"), written into a scratch folder, and verified.
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "agent/audit/signing.h"
#include "tests/fuzz/fuzz_target.h"
#include "tests/fuzz/loopback_peer.h"

namespace {

namespace fs = std::filesystem;

const fs::path& scratch_folder() {
  static const fs::path folder = [] {
    fs::path path = fs::temp_directory_path() / ("mks-fuzz-verify-" + std::to_string(getpid()));
    fs::create_directories(path);
    return path;
  }();
  return folder;
}

void write_part(const fs::path& path, const std::deque<std::string>& parts, std::size_t index) {
  if (index >= parts.size()) {
    fs::remove(path);
    return;
  }
  std::ofstream(path, std::ios::binary | std::ios::trunc) << parts[index];
}

}  // namespace

MKS_FUZZ_TARGET(run_folder_verify) {
  const auto parts = mks::fuzz::split_replies({reinterpret_cast<const char*>(data), size});
  const fs::path& folder = scratch_folder();
  write_part(folder / "manifest.json", parts, 0);
  write_part(folder / "manifest.json.sig", parts, 1);
  write_part(folder / "manifest.pub.pem", parts, 2);
  write_part(folder / "shot.png", parts, 3);
  mks::audit::verify_run(folder, std::nullopt);
  return 0;
}
