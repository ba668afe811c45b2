#pragma once

#include <CLI/CLI.hpp>
#include <string>

#include "cli/command_summary.h"

namespace mks::cli {

// mksagent verify DIR [--key PUBLIC.pem]: checks a run folder against its manifest (and
// signature). Exit 0 when every file matches, 1 listing every problem, 2 for bad input.
struct VerifyJob {
  std::string dir;
  std::string public_key;  // trusted key; empty: the manifest.pub.pem in the folder
  bool json = false;       // one JSON object on stdout instead of the lines
};

extern const CommandSummary kVerifyCommand;
void add_verify_options(CLI::App& cmd, VerifyJob& job);
int verify_run_folder(const VerifyJob& job);

}  // namespace mks::cli
