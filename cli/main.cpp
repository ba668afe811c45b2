// mksagent: the command line. Each subcommand is a coroutine on one io_context.

#include <CLI/CLI.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <iostream>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "agent/errors.h"
#include "agent/input/utf8.h"
#include "agent/rfb/encoding_list.h"
#include "agent/rfb/vnc_password.h"
#include "agent/session/session.h"
#include "agent/transport/url.h"
#include "agent/vsphere/console_session.h"
#include "cli/command_summary.h"
#include "cli/doctor_command.h"
#include "cli/io_run.h"
#include "cli/record_command.h"
#include "cli/run_command.h"
#include "cli/sweep_command.h"
#include "cli/ticket_command.h"
#include "cli/verify_command.h"
#include "cli/version_text.h"
#include "codecs/png.h"
#include "codecs/vmw_cursor.h"

namespace {

namespace asio = boost::asio;
using mks::session::Clock;
using mks::session::Session;

struct CommonOptions {
  std::string url;
  bool insecure = false;
  std::string thumbprint;
  double timeout_s = 30;
  bool verbose = false;
  std::string encoding;
  std::string password_file;
  std::string via;
  int key_interval_ms = 100;
  int poll_interval_ms = 250;
};

struct Job {
  CommonOptions common;
  mks::cli::RecordJob record;
  std::string output;
  bool with_cursor = false;
  std::string text;
  std::string layout = "us";
  bool json = false;  // screenshot: one JSON object on stdout when written
  Clock::time_point started = Clock::now();
};

// --encoding and --password-file, the same for every command that connects.
void add_vnc_options(CLI::App& cmd, std::string& encoding, std::string& password_file) {
  cmd.add_option("--encoding", encoding,
                 std::string("Use only this encoding: ") + mks::rfb::encoding_names())
      ->check([](const std::string& name) {
        return mks::rfb::encoding_for_name(name) ? std::string() : "unknown encoding " + name;
      })
      ->type_name("NAME");
  cmd.add_option("--password-file", password_file,
                 "VNC password from the first line of FILE (default: $MKS_VNC_PASSWORD)")
      ->type_name("FILE");
}

void add_via_option(CLI::App& cmd, std::string& via, int& key_interval_ms, int& poll_interval_ms) {
  cmd.add_option("--via", via,
                 "A vcenter:// console's path: webmks (default: WebMKS to the ESXi host), api "
                 "(vCenter's API alone: keys by PutUsbScanCodes, the screen polled; no mouse), "
                 "mks (an mks ticket through the host's authentication daemon, TCP 902) or "
                 "auto (WebMKS when the host answers, else api); overrides ?via= in the URL")
      ->check(CLI::IsMember({"webmks", "api", "mks", "auto"}))
      ->type_name("PATH");
  cmd.add_option("--key-interval", key_interval_ms,
                 "The API path's least time between two keystrokes, one PutUsbScanCodes call "
                 "each (default 100, as Packer)")
      ->check(CLI::Range(0, 10000))
      ->type_name("MS");
  cmd.add_option("--poll-interval", poll_interval_ms,
                 "The API path's screen polling while the screen changes (default 250); it slows "
                 "to 8 times that while the screen stays still")
      ->check(CLI::Range(20, 60000))
      ->type_name("MS");
}

void add_common(CLI::App& cmd, CommonOptions& o) {
  cmd.add_option("URL", o.url,
                 "Console: wss://HOST[:PORT]/ticket/TOKEN (WebMKS), ws://HOST:PORT/ (RFB over "
                 "WebSocket: QEMU, websockify; ws://…/ticket/… is WebMKS without TLS), "
                 "vnc://HOST[:PORT] (VNC) or vcenter://USER@VC/VM (a fresh ticket from vCenter, "
                 "and another to reconnect; password from MKS_VCENTER_PASSWORD[_FILE])")
      ->required()
      ->type_name("URL");
  cmd.add_flag("--insecure", o.insecure, "Accept any TLS certificate (never implied)");
  cmd.add_option(
         "--thumbprint", o.thumbprint,
         "Pin the console's certificate by its SHA-1 or SHA-256 thumbprint (hex, ':' optional)")
      ->type_name("HEX");
  cmd.add_option("--timeout", o.timeout_s, "Seconds for the whole command (default 30)")
      ->check(CLI::PositiveNumber)
      ->type_name("SECONDS");
  cmd.add_flag("-v,--verbose", o.verbose, "Progress lines on stderr");
  add_via_option(cmd, o.via, o.key_interval_ms, o.poll_interval_ms);
  add_vnc_options(cmd, o.encoding, o.password_file);
}

void log(const CommonOptions& o, const std::string& line) {
  if (o.verbose) std::cerr << "mksagent: " << mks::transport::redact_tickets(line) << "\n";
}

mks::session::SessionOptions session_options(const CommonOptions& o) {
  mks::session::SessionOptions options;
  options.connect.tls.insecure = o.insecure;
  if (!o.thumbprint.empty())
    options.connect.tls.thumbprint = mks::transport::Thumbprint::parse(o.thumbprint);
  options.connect.timeout = std::chrono::milliseconds(static_cast<long>(o.timeout_s * 1000));
  if (!o.encoding.empty()) options.rfb.encoding = mks::rfb::encoding_for_name(o.encoding);
  options.rfb.password = mks::rfb::vnc_password(o.password_file);
  return options;
}

std::string ms_since(Clock::time_point start) {
  return std::to_string(
             std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start).count()) +
         " ms";
}

// Shown without -v too: a gap in the console is news. Not in connect(): GCC 12 misreports a
// lambda made inside a coroutine.
void show_reconnects(Session& session) {
  session.on_reconnect([](const std::string& what) {
    std::cerr << "mksagent: " << mks::transport::redact_tickets(what) << "\n";
  });
}

mks::vsphere::ConsoleRoute console_route(const CommonOptions& o) {
  mks::vsphere::ConsoleRoute route;
  if (!o.via.empty()) route.via = mks::vsphere::parse_console_via(o.via);
  route.api.key_interval = std::chrono::milliseconds(o.key_interval_ms);
  route.api.set_poll_interval(std::chrono::milliseconds(o.poll_interval_ms));
  if (o.verbose) {
    route.progress = [](const std::string& line) { std::cerr << "mksagent: " << line << "\n"; };
  }
  return route;
}

// Transport and handshake share the command's deadline.
asio::awaitable<std::shared_ptr<Session>> connect(const CommonOptions& o,
                                                  Clock::time_point deadline) {
  const auto target = mks::vsphere::ConsoleTarget::parse(o.url);
  log(o, "connecting to " + target.redacted());
  const auto started = Clock::now();
  auto options = session_options(o);
  const auto password = target.vcenter ? mks::vsphere::vcenter_password() : "";
  const auto route = console_route(o);
  if (mks::vsphere::console_via(target, route) != mks::vsphere::ConsoleVia::kWebmks) {
    options.handshake_timeout =
        std::max(std::chrono::milliseconds(1),
                 std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()));
    auto session = co_await mks::vsphere::open_console(target, options, password, route);
    show_reconnects(*session);
    log(o, "console " + session->describe() + " open in " + ms_since(started));
    co_return session;
  }
  const auto address = co_await mks::vsphere::resolve_console(target, options.connect, password);
  if (target.vcenter) log(o, "vCenter " + address.api + " ticket in " + ms_since(started));
  options.rfb.dialect = mks::rfb::dialect_for_url(address.url);
  mks::vsphere::allow_reconnect(options, target, password);
  auto stream = co_await mks::transport::connect(address.url, address.connect);
  log(o, "connected to " + stream->describe() + " in " + ms_since(started));
  options.handshake_timeout =
      std::max(std::chrono::milliseconds(1),
               std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()));
  auto session = co_await Session::open(std::move(stream), options);
  show_reconnects(*session);
  const auto& server = session->rfb_client()->server();
  log(o, std::string("handshake: ") +
             (server.direct_variant() ? "WebMKS direct ServerInit" : server.version) + "; server " +
             std::to_string(server.width) + "x" + std::to_string(server.height) + " \"" +
             server.name + "\"" + (server.is_bgrx() ? "" : " (SetPixelFormat sent)"));
  co_return session;
}

// {"file","width","height","seconds","target"} of screenshot --json.
void print_screenshot_json(const Job& job, const mks::codecs::Image& frame,
                           Clock::time_point started) {
  const double seconds = std::chrono::duration<double>(Clock::now() - started).count();
  std::cout << nlohmann::json{{"file", job.output},
                              {"width", frame.width()},
                              {"height", frame.height()},
                              {"seconds", seconds},
                              {"target",
                               mks::vsphere::ConsoleTarget::parse(job.common.url).redacted()}}
                   .dump()
            << "\n";
}

asio::awaitable<void> write_screenshot(Session& session, const Job& job,
                                       Clock::time_point deadline) {
  const auto started = Clock::now();
  mks::codecs::Image frame = co_await session.wait_full_frame(deadline);
  log(job.common, "full frame after " + ms_since(started) + " (" +
                      std::to_string(session.updates()) + " updates)");
  const auto* client = session.rfb_client();
  if (job.with_cursor && client && client->cursor() && client->cursor_visible()) {
    mks::codecs::draw_cursor(frame, *client->cursor(), client->cursor_x(), client->cursor_y());
  }
  mks::codecs::write_png_file(frame, job.output);
  log(job.common, "wrote " + job.output);
  if (job.json) print_screenshot_json(job, frame, job.started);
}

// Closes the session after a command failed on it, then fails with the command's error. An
// open session's message loop keeps reading, so io.run() would wait for the server to hang
// up: a stalled server held a failed screenshot for a minute.
asio::awaitable<void> close_and_rethrow(Session& session, std::exception_ptr failure) {
  co_await session.close();
  std::rethrow_exception(failure);
}

asio::awaitable<void> screenshot(const Job& job) {
  const auto deadline =
      Clock::now() + std::chrono::milliseconds(static_cast<long>(job.common.timeout_s * 1000));
  auto session = co_await connect(job.common, deadline);
  std::exception_ptr failure;
  try {
    co_await write_screenshot(*session, job, deadline);
  } catch (...) {
    failure = std::current_exception();
  }
  if (failure) co_await close_and_rethrow(*session, failure);
  co_await session->close();
}

asio::awaitable<void> type_on(Session& session, const Job& job, const std::u32string& text,
                              const mks::input::KeyboardLayout& layout,
                              Clock::time_point deadline) {
  co_await session.wait_full_frame(deadline);
  co_await session.type(text, layout);
  log(job.common, "typed " + std::to_string(text.size()) + " characters");
  if (!job.output.empty()) {
    co_await session.settle(std::chrono::milliseconds(300), deadline);
    co_await write_screenshot(session, job, deadline);
  } else {
    co_await session.settle(std::chrono::milliseconds(100), deadline);
  }
}

asio::awaitable<void> type(const Job& job) {
  const auto deadline =
      Clock::now() + std::chrono::milliseconds(static_cast<long>(job.common.timeout_s * 1000));
  const auto& layout = mks::input::KeyboardLayout::by_name(job.layout);
  const auto text = mks::input::utf8::decode(job.text);
  auto session = co_await connect(job.common, deadline);
  std::exception_ptr failure;
  try {
    co_await type_on(*session, job, text, layout, deadline);
  } catch (...) {
    failure = std::current_exception();
  }
  if (failure) co_await close_and_rethrow(*session, failure);
  co_await session->close();
}

asio::awaitable<void> record(const Job& job) {
  const auto deadline =
      Clock::now() + std::chrono::milliseconds(static_cast<long>(job.common.timeout_s * 1000));
  auto session = co_await connect(job.common, deadline);
  std::exception_ptr failure;
  mks::codecs::Image first_frame;
  try {
    first_frame = co_await session->wait_full_frame(deadline);
  } catch (...) {
    failure = std::current_exception();
  }
  if (failure) co_await close_and_rethrow(*session, failure);
  const int status = co_await mks::cli::record_session(
      session, job.record, mks::transport::redact_tickets(job.common.url),
      [&job](const std::string& line) { log(job.common, line); }, std::move(first_frame));
  if (status != 0) throw mks::cli::ReportedFailure{status};
}

std::string layout_names() {
  std::string out;
  for (auto name : mks::input::KeyboardLayout::names()) {
    out += (out.empty() ? "" : ", ") + std::string(name);
  }
  return out;
}

int run(asio::awaitable<void> (*command)(const Job&), const Job& job) {
  asio::io_context io;
  std::exception_ptr failure;
  bool done = false;
  asio::co_spawn(io, command(job), [&](std::exception_ptr e) {
    failure = e;
    done = true;
  });
  mks::cli::run_until_done(io, done);
  if (!failure) return 0;
  try {
    std::rethrow_exception(failure);
  } catch (const mks::cli::ReportedFailure& e) {
    return e.status;
  } catch (const std::exception& e) {
    std::cerr << "mksagent: " << mks::transport::redact_tickets(e.what()) << "\n";
  }
  return 1;
}

const mks::cli::CommandSummary kRunCommand{
    "run", "Play a Lua runbook against a console (the built-in simulated PC without --target)"};

void add_run_options(CLI::App& cmd, mks::cli::RunJob& job, std::vector<std::string>& vars) {
  cmd.add_option("RUNBOOK", job.runbook, "Lua runbook (docs/runbooks.md)")
      ->required()
      ->type_name("FILE");
  cmd.add_option("--target", job.target,
                 "Console URL: wss://HOST[:PORT]/ticket/TOKEN, ws://..., vnc://HOST[:PORT], "
                 "vcenter://USER@VC/VM; none: a simulated PC in this process")
      ->type_name("URL");
  add_via_option(cmd, job.via, job.key_interval_ms, job.poll_interval_ms);
  cmd.add_option("--layout", job.layout,
                 "Guest keyboard layout: " + layout_names() + " (default us)")
      ->type_name("NAME");
  cmd.add_option("--out", job.out_dir,
                 "Folder for the run's screenshots, events.jsonl (every step, UTC and video "
                 "time, secrets masked), video, report.html and manifest.json (default "
                 "mksagent-out)")
      ->type_name("DIR");
  cmd.add_option("--record", job.record,
                 "Record the console to this video inside --out: .mp4 (fragmented MP4), .mkv "
                 "or .webm; playable up to the last second if the agent is killed")
      ->type_name("FILE");
  cmd.add_option("--codec", job.codec, "Video codec: h264 (default; vp9 for .webm), vp9 or av1")
      ->check(CLI::IsMember({"h264", "vp9", "av1"}))
      ->type_name("CODEC");
  cmd.add_option("--fps", job.max_fps, "Most video frames per second (default 30)")
      ->check(CLI::Range(1, 60))
      ->type_name("N");
  cmd.add_option("--sign-key", job.sign_key,
                 "Sign manifest.json with this Ed25519 private key (PEM); check with mksagent "
                 "verify")
      ->type_name("FILE");
  cmd.add_option("--var", vars, "A value for var(\"NAME\") in the runbook; repeatable")
      ->type_name("NAME=VALUE");
  cmd.add_flag("--insecure", job.insecure, "Accept any TLS certificate (never implied)");
  cmd.add_option("--thumbprint", job.thumbprint,
                 "Pin the console's certificate by its SHA-1 or SHA-256 thumbprint")
      ->type_name("HEX");
  add_vnc_options(cmd, job.encoding, job.password_file);
  cmd.add_option("--connect-timeout", job.connect_timeout_s, "Seconds to connect (default 30)")
      ->check(CLI::PositiveNumber)
      ->type_name("SECONDS");
  cmd.add_option("--wait-timeout", job.wait_timeout_s,
                 "Default timeout of waits without their own (default 30)")
      ->check(CLI::PositiveNumber)
      ->type_name("SECONDS");
  cmd.add_option("--pace", job.pace_ms,
                 "Milliseconds after each key or mouse event (default 10, about 50 characters/s)")
      ->check(CLI::Range(0, 10000))
      ->type_name("MS");
  cmd.add_option("--sim-fault", job.sim_fault,
                 "Built-in simulator: fsck (the boot needs fsck.repair=yes, default) or none")
      ->check(CLI::IsMember({"fsck", "none"}))
      ->type_name("FAULT");
  cmd.add_flag("-q,--quiet", job.quiet, "No progress lines on stderr");
  cmd.add_option("--junit", job.junit,
                 "Also write the run as JUnit XML (one test case; the failure with its "
                 "screenshot, the steps as system-out) for Jenkins, GitLab and others; written "
                 "whatever the outcome (docs/junit.md)")
      ->type_name("FILE");
  cmd.add_flag("--json", job.json,
               "Print one JSON object on stdout at the end: status, exit code, failure line, "
               "seconds, screenshots, video, steps (progress stays on stderr)");
}

int run(mks::cli::RunJob& job, const std::vector<std::string>& vars) {
  try {
    for (const auto& item : vars) {
      const auto eq = item.find('=');
      if (eq == std::string::npos || eq == 0) {
        throw std::invalid_argument("--var wants NAME=VALUE, got \"" + item + "\"");
      }
      job.vars[item.substr(0, eq)] = item.substr(eq + 1);
    }
    mks::input::KeyboardLayout::by_name(job.layout);
    mks::vsphere::ConsoleRoute route;
    if (!job.via.empty()) route.via = mks::vsphere::parse_console_via(job.via);
    if (!job.target.empty()) {
      mks::vsphere::console_via(mks::vsphere::ConsoleTarget::parse(job.target), route);
    } else if (route.via && *route.via != mks::vsphere::ConsoleVia::kWebmks) {
      throw std::invalid_argument("--via " + job.via + " needs a vcenter:// --target");
    }
    if (!job.thumbprint.empty()) mks::transport::Thumbprint::parse(job.thumbprint);
  } catch (const std::invalid_argument& e) {
    return mks::cli::refuse_run(job, e.what());
  }
  return mks::cli::run_runbook(job);
}

// Tesseract's OpenMP threads (a fixed 4) spin against each other on a busy machine: a screen
// took 6-9 s on 2 shared cores, 0.6 s with OMP_THREAD_LIMIT=1. OpenMP reads the limit when
// tesseract's libraries are opened, on the first OCR (agent/screen/tesseract_library.h), so
// setting it before anything runs is early enough. A sweep (the command that OCRs screens
// while it connects to hundreds more) sets it, unless the user set one.
void limit_ocr_threads(std::string_view command) {
  if (command != mks::cli::kSweepCommand.name) return;
  ::setenv("OMP_THREAD_LIMIT", "1", /*overwrite=*/0);
}

const mks::cli::CommandSummary kScreenshotCommand{
    "screenshot", "Connect, wait for a full frame, write it as PNG"};

void add_screenshot_options(CLI::App& shot, Job& job) {
  add_common(shot, job.common);
  shot.add_option("-o,--output", job.output, "PNG file to write")->required()->type_name("FILE");
  shot.add_flag("--with-cursor", job.with_cursor, "Draw the mouse cursor into the picture");
  shot.add_flag("--json", job.json,
                "Print {\"file\",\"width\",\"height\",\"seconds\",\"target\"} on stdout "
                "once the picture is written (ticket redacted)");
}

const mks::cli::CommandSummary kTypeCommand{"type",
                                            "Connect and type TEXT on the console's keyboard"};

void add_type_options(CLI::App& typ, Job& job) {
  add_common(typ, job.common);
  typ.add_option("TEXT", job.text, "Text to type (UTF-8; \\n is not interpreted)")
      ->required()
      ->type_name("TEXT");
  typ.add_option("--layout", job.layout,
                 "Guest keyboard layout: " + layout_names() + " (default us)")
      ->type_name("NAME");
  typ.add_option("-o,--output", job.output, "Also write a PNG of the screen after typing")
      ->type_name("FILE");
  typ.add_flag("--with-cursor", job.with_cursor, "Draw the mouse cursor into the picture");
}

const mks::cli::CommandSummary kRecordCommand{
    "record", "Connect and record the console to a video until --duration or Ctrl-C"};

void add_record_options(CLI::App& rec, Job& job) {
  add_common(rec, job.common);
  rec.add_option("-o,--output", job.record.output,
                 "Video file: .mp4 (fragmented MP4), .mkv or .webm; playable up to the last "
                 "second if the agent is killed. Events go beside it (NAME.events.jsonl)")
      ->required()
      ->type_name("FILE");
  rec.add_option("--duration", job.record.duration_s,
                 "Seconds to record (default: until Ctrl-C, SIGTERM or the console closes)")
      ->check(CLI::PositiveNumber)
      ->type_name("SECONDS");
  rec.add_option("--codec", job.record.codec, "h264 (default; vp9 for .webm), vp9 or av1")
      ->check(CLI::IsMember({"h264", "vp9", "av1"}))
      ->type_name("CODEC");
  rec.add_option("--fps", job.record.max_fps, "Most frames per second (default 30)")
      ->check(CLI::Range(1, 60))
      ->type_name("N");
}

// The name of the command on the command line (the first word that is no option: the program
// itself takes no option with a value), or "".
std::string_view command_named(int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    if (argv[i][0] != '-') return argv[i];
  }
  return "";
}

}  // namespace

int main(int argc, char** argv) {
  const std::string_view chosen = command_named(argc, argv);
  limit_ocr_threads(chosen);
  CLI::App app{"mksagent: drive and record VM consoles (VMware WebMKS, VNC) without a browser",
               "mksagent"};
  app.set_version_flag("--version", mks::cli::version_text,
                       "Print the version and the libraries' versions, and exit");
  app.require_subcommand(1);
  app.footer(
      "Exit status: 0 done (screenshot: a complete frame was written), 1 failed (one line on "
      "stderr: \"mksagent: ...\", or \"RUNBOOK:LINE: ...\" from run; tickets are redacted), "
      "2 usage error.");
  Job job;
  mks::cli::RunJob run_job;
  std::vector<std::string> vars;
  mks::cli::VerifyJob verify_job;
  mks::cli::TicketJob ticket_job;
  mks::cli::SweepJob sweep_job;
  mks::cli::SweepMergeJob merge_job;
  mks::cli::DoctorJob doctor_job;
  const std::pair<mks::cli::CommandSummary, std::function<void(CLI::App&)>> commands[] = {
      {kScreenshotCommand, [&](CLI::App& cmd) { add_screenshot_options(cmd, job); }},
      {kTypeCommand, [&](CLI::App& cmd) { add_type_options(cmd, job); }},
      {kRecordCommand, [&](CLI::App& cmd) { add_record_options(cmd, job); }},
      {kRunCommand, [&](CLI::App& cmd) { add_run_options(cmd, run_job, vars); }},
      {mks::cli::kVerifyCommand,
       [&](CLI::App& cmd) { mks::cli::add_verify_options(cmd, verify_job); }},
      {mks::cli::kTicketCommand,
       [&](CLI::App& cmd) { mks::cli::add_ticket_options(cmd, ticket_job); }},
      {mks::cli::kSweepCommand,
       [&](CLI::App& cmd) { mks::cli::add_sweep_options(cmd, sweep_job); }},
      {mks::cli::kSweepMergeCommand,
       [&](CLI::App& cmd) { mks::cli::add_sweep_merge_options(cmd, merge_job); }},
      {mks::cli::kDoctorCommand,
       [&](CLI::App& cmd) { mks::cli::add_doctor_options(cmd, doctor_job); }},
  };
  for (const auto& [summary, add_options] : commands) {
    CLI::App* cmd = app.add_subcommand(summary.name, summary.text);
    if (chosen == summary.name) add_options(*cmd);
  }

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int rc = app.exit(e);  // prints help, version or the usage error
    return rc == 0 ? 0 : 2;
  }
  if (chosen == kRunCommand.name) return run(run_job, vars);
  if (chosen == mks::cli::kVerifyCommand.name) return mks::cli::verify_run_folder(verify_job);
  if (chosen == mks::cli::kTicketCommand.name) return mks::cli::run_ticket_command(ticket_job);
  if (chosen == mks::cli::kSweepCommand.name) return mks::cli::run_sweep(sweep_job);
  if (chosen == mks::cli::kSweepMergeCommand.name) return mks::cli::run_sweep_merge(merge_job);
  if (chosen == mks::cli::kDoctorCommand.name) return mks::cli::run_doctor_command(doctor_job);
  const bool recording = chosen == kRecordCommand.name;
  try {  // bad input is a usage error: exit 2 before connecting
    const auto target = mks::vsphere::ConsoleTarget::parse(job.common.url);
    if (target.vcenter) mks::vsphere::vcenter_password();
    mks::vsphere::console_via(target, console_route(job.common));
    if (!job.common.thumbprint.empty()) mks::transport::Thumbprint::parse(job.common.thumbprint);
    const auto& layout = mks::input::KeyboardLayout::by_name(job.layout);
    for (char32_t c : mks::input::utf8::decode(job.text)) layout.require_stroke(c);
    if (recording) mks::cli::check_record_output(job.record);
  } catch (const std::invalid_argument& e) {
    std::cerr << "mksagent: " << e.what() << "\n";
    return 2;
  }
  if (recording) return run(&record, job);
  return run(chosen == kScreenshotCommand.name ? &screenshot : &type, job);
}
