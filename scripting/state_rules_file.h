#pragma once

#include <filesystem>

#include "agent/fleet/state_rules.h"

namespace mks::scripting {

// Reads a rules file (Lua, docs/states.md): runs it in a sandbox whose only addition is
// `state "name" { key = value, ... }`, with no os, io or file loading. Needle PNGs are found
// beside the rules file. Every error is one line "FILE:LINE: …" (FILE the file's name, LINE
// that of the offending `state`), thrown as std::runtime_error.
fleet::StateRules load_state_rules(const std::filesystem::path& file);

}  // namespace mks::scripting
