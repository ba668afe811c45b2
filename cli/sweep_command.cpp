#include "cli/sweep_command.h"

#include <unistd.h>

#include <CLI/CLI.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <csignal>
#include <filesystem>
#include <iostream>

#include "agent/audit/digest.h"
#include "agent/errors.h"
#include "agent/fleet/shard.h"
#include "agent/fleet/sweep.h"
#include "agent/fleet/sweep_folder.h"
#include "agent/fleet/sweep_merge.h"
#include "agent/rfb/vnc_password.h"
#include "agent/transport/thumbprint.h"
#include "agent/transport/url.h"
#include "agent/vsphere/console_target.h"
#include "cli/shipped_files.h"
#include "cli/sweep_fixes.h"
#include "cli/sweep_progress.h"
#include "cli/sweep_targets.h"
#include "codecs/video/video_settings.h"
#include "scripting/state_rules_file.h"

namespace mks::cli {
namespace {

namespace asio = boost::asio;
namespace fs = std::filesystem;
using std::chrono::milliseconds;

// Everything checked before connecting; bad input is exit status 2.
struct SweepPlan {
  fleet::StateRules rules;
  std::string rules_sha256;
  std::optional<fleet::Shard> shard;
  FixPlan fixes;
  vsphere::InventorySelection selection;
  vsphere::VcenterLogin login;  // with --vcenter
  transport::ConnectOptions console;
  std::string vnc_password;
};

// The shipped rules: beside the installed program, else in the source tree it was built from.
fs::path shipped_states() {
  const fs::path dir = shipped_scenarios_dir();
  if (!dir.empty() && fs::is_regular_file(dir / "states.lua")) return dir / "states.lua";
  throw std::invalid_argument(
      "the shipped states.lua is neither installed (share/mksagent/scenarios) nor where it was "
      "built (" +
      std::string(MKS_SCENARIOS_DIR) + "): give --states FILE");
}

milliseconds ms(double seconds) {
  return milliseconds(static_cast<long long>(seconds * 1000));
}

SweepPlan plan_for(const SweepJob& job) {
  if (job.vcenter.empty() == job.targets_file.empty()) {
    throw std::invalid_argument("give either --vcenter (with --user) or --targets FILE");
  }
  if (!job.vcenter.empty() && job.user.empty())
    throw std::invalid_argument("--vcenter needs --user");
  SweepPlan plan;
  const fs::path states = job.states.empty() ? shipped_states() : fs::path(job.states);
  try {
    plan.rules = scripting::load_state_rules(states);
  } catch (const std::runtime_error& e) {
    throw std::invalid_argument(e.what());
  }
  plan.rules_sha256 = audit::sha256_file(states);
  plan.shard = job.shard.empty() ? fleet::shard_from_environment()
                                 : std::optional(fleet::parse_shard(job.shard));
  for (const auto& spec : job.fixes) add_fix(plan.fixes, spec);
  plan.fixes.concurrency = job.fix_concurrency;
  plan.fixes.base.record = job.record;
  plan.fixes.base.sign_key = job.sign_key;
  plan.fixes.base.layout = job.layout;
  plan.fixes.base.insecure = job.insecure;
  plan.fixes.base.connect_timeout_s = job.timeout_s;
  if (!job.record.empty()) codecs::video::container_for(job.record);
  if (!job.sign_key.empty() && !fs::is_regular_file(job.sign_key)) {
    throw std::invalid_argument("no signing key file " + job.sign_key);
  }
  plan.selection = {job.folders, job.clusters, job.hosts, job.vms, job.all_power_states};
  plan.console.tls.insecure = job.insecure;
  plan.console.timeout = ms(job.timeout_s);
  if (!job.vcenter.empty()) {
    plan.login.endpoint = vsphere::VcenterEndpoint::parse(job.vcenter);
    plan.login.user = job.user;
    plan.login.password = vsphere::vcenter_password(job.password_file);
    plan.login.tls.insecure = job.insecure;
    if (!job.thumbprint.empty())
      plan.login.tls.thumbprint = transport::Thumbprint::parse(job.thumbprint);
    plan.login.timeout = ms(job.timeout_s);
  } else {
    if (!job.thumbprint.empty())
      plan.console.tls.thumbprint = transport::Thumbprint::parse(job.thumbprint);
    plan.vnc_password = rfb::vnc_password(job.password_file);
  }
  return plan;
}

std::string title_of(const SweepJob& job) {
  if (!job.targets_file.empty()) return fs::path(job.targets_file).filename().string();
  std::string title = "vCenter " + vsphere::VcenterEndpoint::parse(job.vcenter).to_string();
  const auto add = [&title](const char* what, const std::vector<std::string>& values) {
    for (const auto& v : values) title += std::string(" ") + what + " " + v;
  };
  add("folder", job.folders);
  add("cluster", job.clusters);
  add("host", job.hosts);
  add("vm", job.vms);
  return title;
}

fleet::SweepOptions sweep_options(const SweepJob& job, const SweepPlan& plan) {
  fleet::SweepOptions options;
  options.concurrency = job.concurrency;
  options.out_dir = job.out_dir;
  options.probe.timeout = ms(job.timeout_s);
  options.probe.session.connect = plan.console;
  options.probe.session.rfb.password = plan.vnc_password;
  return options;
}

// The sweep itself, on the io_context. Returns the exit status; writes the folder whenever
// consoles were looked at.
class SweepRun {
 public:
  SweepRun(asio::io_context& io, const SweepJob& job, SweepPlan& plan)
      : io_(io), job_(job), plan_(plan), started_utc_(audit::utc_now()) {}

  asio::awaitable<int> run() {
    std::vector<fleet::SweepTarget> targets = co_await list_targets();
    if (plan_.shard) targets = fleet::take_shard(targets, *plan_.shard);
    const bool terminal = isatty(STDERR_FILENO) != 0;
    SweepProgress progress(job_.quiet ? nullptr : &std::cerr, targets.size(), terminal);
    fleet::Sweep sweep(io_.get_executor(), plan_.rules, sweep_options(job_, plan_));
    asio::signal_set signals(io_, SIGINT, SIGTERM);
    signals.async_wait([&](const boost::system::error_code& ec, int signal) {
      if (ec) return;
      interrupted_ = true;
      sweep.stop();
      fixes_.stop(signal == SIGINT ? "interrupted by SIGINT" : "interrupted by SIGTERM");
      progress.note("stopping: consoles under way finish, the rest are not looked at");
    });
    const fleet::Sweep::Listener on_result = [&progress](const fleet::ConsoleResult& r) {
      progress.done(r);
    };
    std::vector<fleet::ConsoleResult> results = co_await sweep.run(targets, on_result);
    progress.finish();
    int fixes_failed = 0;
    if (!plan_.fixes.runbook_for_state.empty() && !interrupted_) {
      fixes_failed = co_await run_fixes(io_.get_executor(), plan_.fixes, sweep, targets, results,
                                        job_.out_dir, progress, fixes_);
    }
    signals.cancel();
    co_await log_out();
    co_return finish(std::move(results), fixes_failed);
  }

 private:
  asio::awaitable<std::vector<fleet::SweepTarget>> list_targets() {
    if (!job_.targets_file.empty()) {
      // --password-file is the VNC password here; vcenter:// lines take MKS_VCENTER_PASSWORD.
      const auto password = [] { return vsphere::vcenter_password(); };
      co_return targets_from_file(job_.targets_file, plan_.console, password);
    }
    vcenter_ = co_await vsphere::VcenterSession::open(io_.get_executor(), plan_.login);
    const auto inventory = co_await vcenter_->list_vms();
    auto targets = targets_from_inventory(vcenter_, inventory, plan_.selection,
                                          plan_.login.endpoint.to_string(), plan_.console);
    if (targets.empty()) {
      throw std::invalid_argument("no VM of the " + std::to_string(inventory.size()) +
                                  " in vCenter's inventory matches the selection" +
                                  (plan_.selection.include_powered_off
                                       ? ""
                                       : " (powered-on VMs only; --all-power-states for all)"));
    }
    co_return targets;
  }

  asio::awaitable<void> log_out() {
    if (!vcenter_) co_return;
    try {
      co_await vcenter_->logout();
    } catch (const std::exception&) {
      // The session times out on vCenter's side; the sweep's results stand.
    }
  }

  int finish(std::vector<fleet::ConsoleResult> results, int fixes_failed) {
    const auto summary = fleet::summarize(results, plan_.shard ? plan_.shard->to_string() : "");
    int status = summary.failed > 0 || fixes_failed > 0 ? 1 : 0;
    if (interrupted_) status = 130;
    fleet::SweepFolderInfo info;
    info.report = {title_of(job_), started_utc_, audit::utc_now(), summary.shard};
    info.agent_version = MKS_VERSION;
    info.rules_sha256 = plan_.rules_sha256;
    info.exit_status = status;
    if (!job_.sign_key.empty()) info.sign_key = fs::path(job_.sign_key);
    fleet::write_sweep_folder(job_.out_dir, std::move(results), info);
    std::cout << fleet::summary_line(summary)
              << (fixes_failed > 0 ? "; " + std::to_string(fixes_failed) + " fixes failed" : "")
              << " (" << (fs::path(job_.out_dir) / "report.html").string() << ")\n";
    return status;
  }

  asio::io_context& io_;
  const SweepJob& job_;
  SweepPlan& plan_;
  std::string started_utc_;
  std::shared_ptr<vsphere::VcenterSession> vcenter_;
  FixControl fixes_;
  bool interrupted_ = false;
};

// One line for what ended the sweep early: bad input (a folder vCenter lacks) is status 2.
int report_failure(std::exception_ptr failure) {
  try {
    std::rethrow_exception(failure);
  } catch (const std::invalid_argument& e) {
    std::cerr << "mksagent: " << transport::redact_tickets(e.what()) << "\n";
    return 2;
  } catch (const std::exception& e) {
    std::cerr << "mksagent: " << transport::redact_tickets(e.what()) << "\n";
  }
  return 1;
}

}  // namespace

const CommandSummary kSweepCommand{
    "sweep",
    "Look at every console of a vCenter selection (or a targets file) at once and "
    "classify each by its screen: login prompt, emergency mode, fsck, GRUB, panic..."};

void add_sweep_options(CLI::App& cmd, SweepJob& job) {
  cmd.add_option("--vcenter", job.vcenter, "vCenter to list VMs from: https://VC[:PORT]")
      ->type_name("URL");
  cmd.add_option("--user", job.user,
                 "vCenter user (password: MKS_VCENTER_PASSWORD or --password-file)");
  cmd.add_option("--folder", job.folders,
                 "Only VMs under this inventory folder (/DC/vm/...); repeatable")
      ->type_name("PATH");
  cmd.add_option("--cluster", job.clusters, "Only VMs in this cluster; repeatable")
      ->type_name("NAME");
  cmd.add_option("--host", job.hosts, "Only VMs on this ESXi host; repeatable")->type_name("NAME");
  cmd.add_option("--vm", job.vms, "Only VMs whose name matches this glob; repeatable")
      ->type_name("GLOB");
  cmd.add_flag("--all-power-states", job.all_power_states,
               "Also powered-off and suspended VMs (default: powered-on only)");
  cmd.add_option(
         "--targets", job.targets_file,
         "One console per line instead (wss://…/ticket/…, ws://, vnc://, vcenter://); '#' comments")
      ->type_name("FILE");
  cmd.add_option("--out", job.out_dir,
                 "Folder for sweep.jsonl, screens/, report.html, summary.json, manifest.json")
      ->required()
      ->type_name("DIR");
  cmd.add_option("--states", job.states,
                 "State rules (Lua; default: the shipped scenarios/states.lua)")
      ->type_name("FILE");
  cmd.add_option("--concurrency", job.concurrency, "Consoles connected at once (default 64)")
      ->check(CLI::Range(1, 4096))
      ->type_name("N");
  cmd.add_option("--timeout", job.timeout_s,
                 "Seconds per console: ticket, connect, handshake, first frame (default 30)")
      ->check(CLI::PositiveNumber)
      ->type_name("SECONDS");
  cmd.add_option("--shard", job.shard,
                 "Take every N-th console of the sorted list from I (default: Slurm's "
                 "SLURM_ARRAY_TASK_ID/COUNT or Kubernetes' JOB_COMPLETION_INDEX + MKS_SHARD_COUNT)")
      ->type_name("I/N");
  cmd.add_option("--fix", job.fixes,
                 "Play RUNBOOK on every console found in STATE, then look again; repeatable")
      ->type_name("STATE=RUNBOOK.lua");
  cmd.add_option("--fix-concurrency", job.fix_concurrency, "Fix runs at once (default 4)")
      ->check(CLI::Range(1, 256))
      ->type_name("N");
  cmd.add_option("--record", job.record,
                 "Record each fix run to this video in its folder (.mp4, .mkv, .webm)")
      ->type_name("FILE");
  cmd.add_option("--sign-key", job.sign_key,
                 "Sign manifest.json with this Ed25519 private key (PEM)")
      ->type_name("FILE");
  cmd.add_option(
         "--password-file", job.password_file,
         "vCenter password (--vcenter) or VNC password (--targets; vcenter:// lines there use "
         "MKS_VCENTER_PASSWORD[_FILE]) from the first line of FILE")
      ->type_name("FILE");
  cmd.add_option(
         "--thumbprint", job.thumbprint,
         "Pin vCenter's certificate (--vcenter) or the consoles' (--targets); SHA-1 or SHA-256 hex")
      ->type_name("HEX");
  cmd.add_flag("--insecure", job.insecure, "Accept any TLS certificate (never implied)");
  cmd.add_option("--layout", job.layout, "Guest keyboard layout for fix runbooks (default us)")
      ->type_name("NAME");
  cmd.add_flag("-q,--quiet", job.quiet, "No progress on stderr");
}

const CommandSummary kSweepMergeCommand{
    "sweep-merge",
    "Merge the folders of a sharded sweep into one (each shard's manifest checked first)"};

void add_sweep_merge_options(CLI::App& cmd, SweepMergeJob& job) {
  cmd.add_option("SHARD_DIR", job.shards, "Sweep folders of the shards")
      ->required()
      ->type_name("DIR");
  cmd.add_option("--out", job.out_dir, "Folder for the merged sweep")->required()->type_name("DIR");
  cmd.add_option("--key", job.key,
                 "Check the shards' signatures with this Ed25519 public key (PEM)")
      ->type_name("FILE");
  cmd.add_option("--sign-key", job.sign_key,
                 "Sign the merged manifest.json with this private key (PEM)")
      ->type_name("FILE");
}

int run_sweep(const SweepJob& job) {
  SweepPlan plan;
  try {
    plan = plan_for(job);
  } catch (const std::exception& e) {
    std::cerr << "mksagent: " << e.what() << "\n";
    return 2;
  }
  asio::io_context io;
  SweepRun sweep(io, job, plan);
  int status = 1;
  asio::co_spawn(io, sweep.run(), [&status](std::exception_ptr failure, int result) {
    status = failure ? report_failure(failure) : result;
  });
  io.run();
  return status;
}

int run_sweep_merge(const SweepMergeJob& job) {
  fleet::MergeJob merge;
  for (const auto& shard : job.shards) {
    if (!fs::is_directory(shard)) {
      std::cerr << "mksagent: no shard folder " << shard << "\n";
      return 2;
    }
    merge.shards.emplace_back(shard);
  }
  merge.out = job.out_dir;
  if (!job.key.empty()) merge.trusted_key = fs::path(job.key);
  if (!job.sign_key.empty()) merge.sign_key = fs::path(job.sign_key);
  merge.agent_version = MKS_VERSION;
  try {
    const auto results = fleet::merge_sweeps(merge);
    std::cout << fleet::summary_line(fleet::summarize(results, "")) << " (merged from "
              << job.shards.size() << " shards into " << job.out_dir << ")\n";
    return 0;
  } catch (const std::exception& e) {
    std::cerr << "mksagent: " << e.what() << "\n";
    return 1;
  }
}

}  // namespace mks::cli
