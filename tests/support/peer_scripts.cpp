#include "tests/support/peer_scripts.h"

#include <chrono>
#include <cstdlib>
#include <sstream>
#include <stdexcept>
#include <thread>

#include "tests/support/child_process.h"

namespace mks::test {

std::filesystem::path peer_script(const std::string& name) {
  return std::filesystem::path(MKS_SOURCE_DIR) / "tests/peers" / name;
}

std::filesystem::path peer_state_dir(const std::string& name) {
  return std::filesystem::path(MKS_PEER_DIR) / name;
}

std::string missing_programs(std::initializer_list<const char*> programs) {
  std::string missing;
  for (const char* program : programs) {
    if (find_program(program)) continue;
    if (!missing.empty()) missing += ", ";
    missing += program;
  }
  return missing;
}

std::map<std::string, std::string> run_peer_script(const std::string& script,
                                                   const std::vector<std::string>& args,
                                                   const std::vector<std::string>& env) {
  std::vector<std::string> command = env;
  command.push_back(peer_script(script).string());
  command.insert(command.end(), args.begin(), args.end());
  const auto result = run_child("env", command, std::chrono::seconds(120));
  if (result.exit_code != 0) {
    throw std::runtime_error(script + " " + (args.empty() ? "" : args.front()) +
                             " failed: " + result.err);
  }
  std::map<std::string, std::string> vars;
  std::istringstream out(result.out);
  for (std::string line; std::getline(out, line);) {
    const auto eq = line.find('=');
    if (eq != std::string::npos) vars[line.substr(0, eq)] = line.substr(eq + 1);
  }
  return vars;
}

std::map<std::string, std::string> start_peer(const std::string& script,
                                              const std::filesystem::path& state_dir,
                                              const std::vector<std::string>& env) {
  for (int attempt = 1;; ++attempt) {
    try {
      return run_peer_script(script, {"start", state_dir.string()}, env);
    } catch (const std::runtime_error&) {
      run_peer_script(script, {"stop", state_dir.string()});
      if (attempt == 3) throw;
      std::this_thread::sleep_for(std::chrono::milliseconds(500 * attempt));
    }
  }
}

bool peers_required() {
  return std::getenv("MKS_REQUIRE_PEERS") != nullptr;
}

}  // namespace mks::test
