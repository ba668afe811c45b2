#pragma once

namespace mks::cli {

// A subcommand as `mksagent --help` lists it. Only the command being run gets its options
// added (CLI11 spends most of a short command's start-up adding all of them).
struct CommandSummary {
  const char* name;
  const char* text;
};

}  // namespace mks::cli
