#include "cli/verify_command.h"

#include <filesystem>
#include <iostream>
#include <nlohmann/json.hpp>

#include "agent/audit/manifest.h"
#include "agent/audit/signing.h"

namespace mks::cli {
namespace {

const char* problem_kind(audit::ProblemKind kind) {
  switch (kind) {
    case audit::ProblemKind::kBadManifest:
      return "bad manifest";
    case audit::ProblemKind::kBadSignature:
      return "bad signature";
    case audit::ProblemKind::kUnsafePath:
      return "unsafe path";
    case audit::ProblemKind::kMissing:
      return "missing";
    case audit::ProblemKind::kModified:
      return "modified";
    case audit::ProblemKind::kExtra:
      return "extra";
  }
  return "problem";
}

const char* signature_state(const audit::Verification& result) {
  if (!result.signature_checked) return "unsigned";
  return result.trusted_key ? "good (trusted key)" : "good (key in the folder)";
}

void print_json(const VerifyJob& job, const audit::Verification& result) {
  nlohmann::json problems = nlohmann::json::array();
  for (const auto& problem : result.problems) {
    problems.push_back({{"file", problem.path},
                        {"kind", problem_kind(problem.kind)},
                        {"message", problem.message}});
  }
  std::cout << nlohmann::json{{"folder", job.dir},
                              {"ok", result.ok},
                              {"signature_checked", result.signature_checked},
                              {"trusted_key", result.trusted_key},
                              {"problems", problems}}
                   .dump()
            << "\n";
}

}  // namespace

const CommandSummary kVerifyCommand{
    "verify", "Check a run folder against its manifest.json and signature (from run --out)"};

void add_verify_options(CLI::App& cmd, VerifyJob& job) {
  cmd.add_option("DIR", job.dir, "The run's output folder")->required()->type_name("DIR");
  cmd.add_option("--key", job.public_key,
                 "Trusted Ed25519 public key (PEM); without it the folder's own "
                 "manifest.pub.pem is used, which proves integrity but not who signed")
      ->type_name("FILE");
  cmd.add_flag(
      "--json", job.json,
      "Print "
      "{\"folder\",\"ok\",\"signature_checked\",\"trusted_key\",\"problems\":[{\"file\",\"kind\","
      "\"message\"}]} instead of the lines");
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
  if (job.json) {
    print_json(job, result);
    return result.ok ? 0 : 1;
  }
  for (const auto& problem : result.problems) std::cout << problem.message << "\n";
  if (!result.ok) {
    std::cout << "FAILED: " << result.problems.size() << " problem(s) in " << job.dir << "\n";
    return 1;
  }
  const std::string signature = signature_state(result);
  std::cout << "OK: every file matches manifest.json; "
            << (result.signature_checked ? "signature " + signature : signature) << "\n";
  return 0;
}

}  // namespace mks::cli
