#pragma once

#include <filesystem>
#include <string>

namespace mks::cli {

// The folder of the shipped runbooks, reference images and state rules: beside an installed
// program (BINDIR/../share/mksagent/scenarios, where `cmake --install` and the .deb put them),
// else in the source tree the program was built from. Empty when neither exists.
std::filesystem::path shipped_scenarios_dir();

}  // namespace mks::cli
