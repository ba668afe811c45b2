#include "tests/support/child_process.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <sstream>
#include <stdexcept>
#include <thread>

extern char** environ;

namespace mks::test {
namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

std::array<int, 2> make_pipe() {
  std::array<int, 2> fds{};
  if (pipe2(fds.data(), O_CLOEXEC) != 0) {
    throw std::runtime_error(std::string("pipe: ") + std::strerror(errno));
  }
  return fds;
}

milliseconds left_until(Clock::time_point deadline) {
  return std::max(milliseconds(0),
                  std::chrono::duration_cast<milliseconds>(deadline - Clock::now()));
}

int spawn(const std::string& program, const std::vector<std::string>& args, int out_fd,
          int err_fd) {
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(&actions, out_fd, 1);
  posix_spawn_file_actions_adddup2(&actions, err_fd, 2);
  std::vector<char*> argv{const_cast<char*>(program.c_str())};
  for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  pid_t pid = -1;
  const int rc = posix_spawnp(&pid, program.c_str(), &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) throw std::runtime_error("cannot start " + program + ": " + std::strerror(rc));
  return pid;
}

}  // namespace

ChildProcess::ChildProcess(const std::string& program, const std::vector<std::string>& args) {
  const auto out = make_pipe();
  const auto err = make_pipe();
  try {
    pid_ = spawn(program, args, out[1], err[1]);
  } catch (...) {
    for (int fd : {out[0], out[1], err[0], err[1]}) ::close(fd);
    throw;
  }
  ::close(out[1]);
  ::close(err[1]);
  out_fd_ = out[0];
  err_fd_ = err[0];
}

ChildProcess::~ChildProcess() {
  if (!exit_code_) terminate(std::chrono::seconds(2));
  for (int fd : {out_fd_, err_fd_}) {
    if (fd >= 0) ::close(fd);
  }
}

bool ChildProcess::pump(milliseconds timeout) {
  std::array<pollfd, 2> fds{pollfd{out_fd_, POLLIN, 0}, pollfd{err_fd_, POLLIN, 0}};
  if (out_fd_ < 0 && err_fd_ < 0) {
    std::this_thread::sleep_for(timeout);  // nothing to read: just let the time pass
    return false;
  }
  if (poll(fds.data(), fds.size(), static_cast<int>(timeout.count())) <= 0) return false;
  std::array<char, 65536> chunk;
  for (auto& p : fds) {
    if (p.fd < 0 || p.revents == 0) continue;
    const ssize_t n = ::read(p.fd, chunk.data(), chunk.size());
    int& fd = p.fd == out_fd_ ? out_fd_ : err_fd_;
    std::string& sink = p.fd == out_fd_ ? out_ : err_;
    if (n > 0) {
      sink.append(chunk.data(), static_cast<std::size_t>(n));
    } else {
      ::close(fd);
      fd = -1;
    }
  }
  return true;
}

bool ChildProcess::wait_for_stderr(const std::string& text, milliseconds timeout) {
  const auto deadline = Clock::now() + timeout;
  while (err_.find(text) == std::string::npos) {
    if (err_fd_ < 0 || Clock::now() >= deadline) return false;
    pump(left_until(deadline));
  }
  return true;
}

std::optional<std::string> ChildProcess::read_line(milliseconds timeout) {
  const auto deadline = Clock::now() + timeout;
  for (;;) {
    const auto nl = out_.find('\n');
    if (nl != std::string::npos) {
      std::string line = out_.substr(0, nl);
      out_.erase(0, nl + 1);
      return line;
    }
    if (out_fd_ < 0 || Clock::now() >= deadline) return std::nullopt;
    pump(left_until(deadline));
  }
}

std::vector<std::string> ChildProcess::read_available_lines(milliseconds quiet) {
  std::vector<std::string> lines;
  while (auto line = read_line(quiet)) lines.push_back(std::move(*line));
  return lines;
}

bool ChildProcess::reap(bool block) {
  if (exit_code_) return true;
  int status = 0;
  const pid_t done = ::waitpid(pid_, &status, block ? 0 : WNOHANG);
  if (done != pid_) return false;
  exit_code_ = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return true;
}

std::optional<int> ChildProcess::wait(milliseconds timeout) {
  const auto deadline = Clock::now() + timeout;
  while (!reap(false)) {
    if (Clock::now() >= deadline) {
      terminate(milliseconds(500));
      return std::nullopt;
    }
    pump(std::min(left_until(deadline), milliseconds(50)));
  }
  // What is still in the pipes; a grandchild holding them open must not stall us.
  while (pump(milliseconds(50))) {
  }
  return exit_code_;
}

int ChildProcess::terminate(milliseconds grace) {
  if (reap(false)) return *exit_code_;
  ::kill(pid_, SIGTERM);
  const auto deadline = Clock::now() + grace;
  while (!reap(false) && Clock::now() < deadline) pump(milliseconds(20));
  if (!exit_code_) {
    ::kill(pid_, SIGKILL);
    reap(true);
  }
  return *exit_code_;
}

ChildResult run_child(const std::string& program, const std::vector<std::string>& args,
                      milliseconds timeout) {
  ChildProcess child(program, args);
  ChildResult result;
  result.exit_code = child.wait(timeout);
  result.out = child.pending_stdout();
  result.err = child.stderr_text();
  return result;
}

std::optional<std::string> find_program(const std::string& name) {
  if (name.find('/') != std::string::npos) {
    return ::access(name.c_str(), X_OK) == 0 ? std::optional(name) : std::nullopt;
  }
  const char* path = std::getenv("PATH");
  std::istringstream dirs(path ? path : "/usr/bin:/bin");
  for (std::string dir; std::getline(dirs, dir, ':');) {
    const std::string candidate = (dir.empty() ? "." : dir) + "/" + name;
    if (::access(candidate.c_str(), X_OK) == 0) return candidate;
  }
  return std::nullopt;
}

}  // namespace mks::test
