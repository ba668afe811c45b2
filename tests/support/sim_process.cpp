#include "tests/support/sim_process.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <stdexcept>

extern char** environ;

namespace mks::test {
namespace {

using Clock = std::chrono::steady_clock;

struct Pipe {
  int read = -1;
  int write = -1;
  Pipe() {
    int fds[2];
    if (pipe2(fds, O_CLOEXEC) != 0) throw std::runtime_error("pipe failed");
    read = fds[0];
    write = fds[1];
  }
};

int spawn(const std::string& path, const std::vector<std::string>& args, int out_fd, int err_fd) {
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(&actions, out_fd, 1);
  if (err_fd >= 0) posix_spawn_file_actions_adddup2(&actions, err_fd, 2);
  std::vector<char*> argv;
  argv.push_back(const_cast<char*>(path.c_str()));
  for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  pid_t pid = -1;
  int rc = posix_spawn(&pid, path.c_str(), &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) throw std::runtime_error("cannot start " + path);
  return pid;
}

// Reads both pipes until both reach EOF or the deadline passes; false on timeout.
bool read_both(int out_fd, int err_fd, std::string& out, std::string& err,
               Clock::time_point deadline) {
  std::array<pollfd, 2> fds{pollfd{out_fd, POLLIN, 0}, pollfd{err_fd, POLLIN, 0}};
  std::array<std::string*, 2> sinks{&out, &err};
  std::array<char, 65536> chunk;
  int open = 2;
  while (open > 0) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
    if (left.count() <= 0) return false;
    if (poll(fds.data(), fds.size(), static_cast<int>(left.count())) <= 0) continue;
    for (std::size_t i = 0; i < fds.size(); ++i) {
      if (fds[i].fd < 0 || fds[i].revents == 0) continue;
      ssize_t n = ::read(fds[i].fd, chunk.data(), chunk.size());
      if (n <= 0) {
        fds[i].fd = -1;
        --open;
      } else {
        sinks[i]->append(chunk.data(), static_cast<std::size_t>(n));
      }
    }
  }
  return true;
}

}  // namespace

std::string bin_path(const std::string& program) {
  return std::string(MKS_BIN_DIR) + "/" + program;
}

SimProcess::SimProcess(std::vector<std::string> flags) {
  Pipe out;
  pid_ = spawn(bin_path("webmks-sim"), flags, out.write, -1);
  ::close(out.write);
  stdout_fd_ = out.read;
  ready_ = nlohmann::json::parse(read_line(std::chrono::seconds(20)));
  if (ready_.value("event", "") != "ready") throw std::runtime_error("webmks-sim: no ready line");
}

SimProcess::~SimProcess() {
  if (pid_ > 0) {
    ::kill(pid_, SIGTERM);
    int status = 0;
    ::waitpid(pid_, &status, 0);
  }
  if (stdout_fd_ >= 0) ::close(stdout_fd_);
}

std::string SimProcess::ticket_url(std::size_t i) const {
  return ready_.at("tickets").at(i).get<std::string>();
}

std::string SimProcess::read_line(std::chrono::milliseconds timeout) {
  const auto deadline = Clock::now() + timeout;
  for (;;) {
    auto nl = buffer_.find('\n');
    if (nl != std::string::npos) {
      std::string line = buffer_.substr(0, nl);
      buffer_.erase(0, nl + 1);
      return line;
    }
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
    if (left.count() <= 0) throw std::runtime_error("webmks-sim: no output line in time");
    pollfd p{stdout_fd_, POLLIN, 0};
    if (poll(&p, 1, static_cast<int>(left.count())) <= 0) continue;
    char chunk[4096];
    ssize_t n = ::read(stdout_fd_, chunk, sizeof chunk);
    if (n <= 0) throw std::runtime_error("webmks-sim: output ended");
    buffer_.append(chunk, static_cast<std::size_t>(n));
  }
}

nlohmann::json SimProcess::wait_event(const std::string& name, std::chrono::milliseconds timeout) {
  const auto deadline = Clock::now() + timeout;
  for (;;) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
    auto event = nlohmann::json::parse(read_line(std::max(left, std::chrono::milliseconds(1))));
    if (event.value("event", "") == name) return event;
  }
}

std::vector<nlohmann::json> SimProcess::drain_events() {
  std::vector<nlohmann::json> events;
  for (;;) {
    try {
      events.push_back(nlohmann::json::parse(read_line(std::chrono::milliseconds(50))));
    } catch (const std::runtime_error&) {
      return events;
    }
  }
}

RunResult run_program(const std::string& path, const std::vector<std::string>& args,
                      std::chrono::seconds timeout) {
  Pipe out, err;
  int pid = spawn(path, args, out.write, err.write);
  ::close(out.write);
  ::close(err.write);
  RunResult result;
  const auto deadline = Clock::now() + timeout;
  bool finished = read_both(out.read, err.read, result.out, result.err, deadline);
  if (!finished) ::kill(pid, SIGKILL);
  int status = 0;
  ::waitpid(pid, &status, 0);
  ::close(out.read);
  ::close(err.read);
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return result;
}

}  // namespace mks::test
