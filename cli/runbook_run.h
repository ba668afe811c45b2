#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <functional>
#include <memory>
#include <ostream>
#include <string>
#include <vector>

#include "agent/session/session.h"
#include "cli/audit_trail.h"
#include "cli/run_command.h"
#include "codecs/video/recorder.h"
#include "scripting/runbook.h"

namespace mks::cli {

// Opens the console a run starts on, with the run's session options.
using ConsoleOpener = std::function<boost::asio::awaitable<std::shared_ptr<session::Session>>(
    session::SessionOptions)>;

// The one line a failed run ends with (also the report's outcome): a runbook's own
// "demo.lua:27: …", else "mksagent: …" with tickets redacted.
std::string failure_line_of(std::exception_ptr failure);

// The session options a job asks for (TLS, encodings, VNC password, timeouts, pace).
scripting::RunbookOptions runbook_options(const RunJob& job);

// One runbook played against a console on the caller's io_context, leaving its audit trail
// in job.out_dir: events.jsonl, with job.record a video of every console it opens (the first
// as job.record, each console of connect() beside it, named after the console), report.html
// and manifest.json. Used by `mksagent run` and by the sweep's fix runs.
class RunbookRun {
 public:
  // `target` is shown in the report and manifest (ticket redacted); `log` gets the progress
  // lines (null: none). Throws (before anything runs) when the output folder or the video
  // cannot be set up.
  RunbookRun(boost::asio::any_io_executor executor, const RunJob& job,
             scripting::RunbookOptions options, std::string target, std::ostream* log);
  ~RunbookRun();

  // Plays the runbook (on the console `open` gives, named `console_name`; without an opener
  // the runbook connects itself), then writes the report and manifest. Returns the exit
  // status: 0 passed, 1 failed, 130 interrupted. Never throws for the runbook's own failure;
  // its one line is failure_line().
  boost::asio::awaitable<int> execute(ConsoleOpener open, std::string console_name);

  void interrupt(std::string why) { runbook_.interrupt(std::move(why)); }
  scripting::Progress& progress() { return runbook_.progress(); }
  const std::string& failure_line() const { return failure_line_; }
  // Whether the failure was the runbook's own (a wait that timed out, a bad call), not a run
  // that could not go on (no console, interrupted, a recording that failed).
  bool runbook_failed() const { return runbook_failed_; }
  // The recording of the first console, relative to the output folder, when one was made.
  const std::optional<std::filesystem::path>& video() const { return video_; }

 private:
  boost::asio::awaitable<void> play(ConsoleOpener open, std::string console_name);
  void record_console(session::Session& session, const std::string& name);
  boost::asio::awaitable<int> finish(std::exception_ptr failure);
  std::optional<std::filesystem::path> report_recorders(
      const std::vector<std::optional<std::string>>& errors, int& status);

  boost::asio::any_io_executor executor_;
  const RunJob& job_;
  AuditTrail trail_;
  scripting::Runbook runbook_;
  std::vector<std::unique_ptr<codecs::video::Recorder>> recorders_;
  std::string failure_line_;
  bool runbook_failed_ = false;
  std::optional<std::filesystem::path> video_;
};

}  // namespace mks::cli
