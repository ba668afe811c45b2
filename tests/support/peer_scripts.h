#pragma once

#include <filesystem>
#include <initializer_list>
#include <map>
#include <string>
#include <vector>

namespace mks::test {

// The shell scripts in tests/peers/ that start real servers (QEMU, Xvnc), and where they
// keep their state: MKS_PEER_DIR, inside the build folder, so nothing is cached that a fresh
// build cannot make again.

std::filesystem::path peer_script(const std::string& name);     // tests/peers/<name>
std::filesystem::path peer_state_dir(const std::string& name);  // MKS_PEER_DIR/<name>

// The programs of `programs` not found in PATH, as "a, b"; "" when all are there.
std::string missing_programs(std::initializer_list<const char*> programs);

// Runs `script` with `args` and `env` (NAME=VALUE) added to the environment; throws with its
// stderr unless it exits 0. Returns the NAME=VALUE lines it printed.
std::map<std::string, std::string> run_peer_script(const std::string& script,
                                                   const std::vector<std::string>& args,
                                                   const std::vector<std::string>& env = {});

// `script start state_dir`, tried three times: two tests starting servers at once may pick
// the same free display number, and the slower one then finds its port taken.
std::map<std::string, std::string> start_peer(const std::string& script,
                                              const std::filesystem::path& state_dir,
                                              const std::vector<std::string>& env = {});

// Whether the test must fail rather than skip when a peer is missing (MKS_REQUIRE_PEERS set,
// as in scripts/test.sh).
bool peers_required();

}  // namespace mks::test
