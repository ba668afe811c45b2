#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace mks::test {

// A program started for a test, with its stdout and stderr on pipes. Killed (SIGTERM, then
// SIGKILL) when the object goes away, so a failing test leaves nothing running.
class ChildProcess {
 public:
  // `program` without a '/' is looked up in PATH. Throws std::runtime_error if it cannot start.
  ChildProcess(const std::string& program, const std::vector<std::string>& args);
  ~ChildProcess();
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  int pid() const { return pid_; }

  // The next stdout line (without '\n'); nullopt when none came within `timeout` or stdout
  // ended. stderr is collected meanwhile so the child never blocks on it.
  std::optional<std::string> read_line(std::chrono::milliseconds timeout);
  // Every complete stdout line that arrives within `quiet` of the previous one.
  std::vector<std::string> read_available_lines(
      std::chrono::milliseconds quiet = std::chrono::milliseconds(200));

  // Reads both pipes until stderr contains `text` (true), or `timeout` passes or the child
  // closes stderr (false): to act on a progress line, e.g. signal the child at a step.
  bool wait_for_stderr(const std::string& text, std::chrono::milliseconds timeout);

  // Waits for the exit, reading both pipes to the end. The exit code (128 + signal when
  // killed by one), or nullopt when `timeout` passed first (the child is then killed).
  std::optional<int> wait(std::chrono::milliseconds timeout);
  // Asks the child to stop (SIGTERM) and waits up to `grace` before SIGKILL. Returns the
  // exit code.
  int terminate(std::chrono::milliseconds grace = std::chrono::seconds(5));

  // stdout not yet returned as a line (everything after wait()), and all of stderr so far.
  const std::string& pending_stdout() const { return out_; }
  const std::string& stderr_text() const { return err_; }

 private:
  // Reads what the pipes have within `timeout`; false when nothing came (or both closed).
  bool pump(std::chrono::milliseconds timeout);
  bool reap(bool block);

  int pid_ = -1;
  int out_fd_ = -1;
  int err_fd_ = -1;
  std::optional<int> exit_code_;
  std::string out_;
  std::string err_;
};

// Runs a program to completion; exit_code is nullopt when it was killed for overrunning.
struct ChildResult {
  std::optional<int> exit_code;
  std::string out;
  std::string err;
};
ChildResult run_child(const std::string& program, const std::vector<std::string>& args,
                      std::chrono::milliseconds timeout);

// PATH lookup like a shell's; nullopt when not found.
std::optional<std::string> find_program(const std::string& name);

}  // namespace mks::test
