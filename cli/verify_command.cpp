#include "cli/verify_command.h"

#include <filesystem>
#include <iostream>

#include "agent/audit/manifest.h"
#include "agent/audit/signing.h"

namespace mks::cli {

CLI::App* add_verify_command(CLI::App& app, VerifyJob& job) {
  auto* cmd = app.add_subcommand(
      "verify", "Check a run folder against its manifest.json and signature (from run --out)");
  cmd->add_option("DIR", job.dir, "The run's output folder")->required()->type_name("DIR");
  cmd->add_option("--key", job.public_key,
                  "Trusted Ed25519 public key (PEM); without it the folder's own "
                  "manifest.pub.pem is used, which proves integrity but not who signed")
      ->type_name("FILE");
  return cmd;
}

int verify_run_folder(const VerifyJob& job) {
  if (!std::filesystem::is_directory(job.dir)) {
    std::cerr << "mksagent: no folder " << job.dir << "\n";
    return 2;
  }
  audit::Verification result;
  try {
    result = audit::verify_run(job.dir, job.public_key.empty()
                                            ? std::nullopt
                                            : std::optional<std::filesystem::path>(job.public_key));
  } catch (const std::exception& e) {
    std::cerr << "mksagent: " << e.what() << "\n";
    return 2;
  }
  for (const auto& problem : result.problems) std::cout << problem.message << "\n";
  if (!result.ok) {
    std::cout << "FAILED: " << result.problems.size() << " problem(s) in " << job.dir << "\n";
    return 1;
  }
  const char* signature = !result.signature_checked ? "unsigned"
                          : result.trusted_key      ? "signature good (trusted key)"
                                                    : "signature good (key in the folder)";
  std::cout << "OK: every file matches manifest.json; " << signature << "\n";
  return 0;
}

}  // namespace mks::cli
