#include "tools/webmks_sim/pc_boot_log.h"

#include <cstdio>
#include <sstream>

namespace mks::sim {
namespace {

std::vector<std::string> words_of(const std::string& line) {
  std::istringstream in(line);
  std::vector<std::string> words;
  for (std::string word; in >> word;) words.push_back(word);
  return words;
}

// "[    1.300000] " as the kernel stamps its messages.
std::string stamp(int ms) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "[%5d.%06d] ", ms / 1000, (ms % 1000) * 1000);
  return buffer;
}

bool has_word(const std::string& cmdline, std::string_view word) {
  for (const auto& w : words_of(cmdline)) {
    if (w == word) return true;
  }
  return false;
}

// systemd's console status markers.
constexpr std::string_view kOk = "[  OK  ] ";
constexpr std::string_view kFailed = "[FAILED] ";
constexpr std::string_view kDepend = "[DEPEND] ";

}  // namespace

std::optional<std::string> kernel_command_line(const std::vector<std::string>& script) {
  for (const auto& line : script) {
    const auto words = words_of(line);
    if (words.size() < 2 || words[0] != "linux") continue;
    std::string cmdline = "BOOT_IMAGE=" + words[1];
    for (std::size_t i = 2; i < words.size(); ++i) cmdline += " " + words[i];
    return cmdline;
  }
  return std::nullopt;
}

bool is_memtest(const std::vector<std::string>& script) {
  for (const auto& line : script) {
    const auto words = words_of(line);
    if (words.size() >= 2 && words[0] == "linux16" &&
        words[1].find("memtest") != std::string::npos) {
      return true;
    }
  }
  return false;
}

void PcBootLog::start(Console& console, std::chrono::milliseconds now, const std::string& cmdline,
                      bool needs_repair) {
  started_ = now;
  shown_ = 0;
  repaired_ = needs_repair && has_word(cmdline, "fsck.repair=yes");
  end_ = needs_repair && !repaired_ ? Outcome::kEmergency : Outcome::kLogin;
  lines_ = {
      {0, stamp(0) + "Linux version 6.1.0-sim (debian-kernel@lists.debian.org) #1 SMP Debian"},
      {0, stamp(0) + "Command line: " + cmdline},
      {120, stamp(120) + "x86/fpu: Supporting XSAVE feature 0x001: 'x87 floating point'"},
      {350, stamp(350) + "ACPI: Core revision 20220331"},
      {610, stamp(610) + "sd 0:0:0:0: [sda] 41943040 512-byte logical blocks: (21.5 GB)"},
      {640, stamp(640) + " sda: sda1 sda2 < sda5 >"},
      {900, stamp(900) + "EXT4-fs (sda1): mounted filesystem with ordered data mode."},
      {1050, ""},
      {1050, "Welcome to Debian GNU/Linux 12 (bookworm)!"},
      {1060, ""},
      {1100, std::string(kOk) + "Reached target local-fs-pre.target - Local File Systems (Pre)."},
  };
  if (!needs_repair) {
    lines_.push_back({1300, "/dev/sda1: clean, 51234/1310720 files, 912345/5242624 blocks"});
  } else {
    lines_.push_back({1300, "/dev/sda1 contains a file system with errors, check forced."});
  }
  if (repaired_) {
    lines_.push_back({1600, "/dev/sda1: Inode 393231 has illegal blocks. FIXED."});
    lines_.push_back({1800, std::string(kRepaired)});
    lines_.push_back({1850, "/dev/sda1: 51234/1310720 files (0.2% non-contiguous)"});
  } else if (needs_repair) {
    lines_.push_back({1500, "/dev/sda1: UNEXPECTED INCONSISTENCY; RUN fsck MANUALLY."});
    lines_.push_back({1520, "        (i.e., without -a or -p options)"});
    lines_.push_back({1540, std::string(kFailed) + "Failed to start systemd-fsck-root.service."});
    lines_.push_back({1560, std::string(kDepend) + "Dependency failed for local-fs.target."});
  }
  if (end_ == Outcome::kLogin) {
    lines_.push_back({1900, std::string(kOk) + "Finished systemd-fsck-root.service."});
    lines_.push_back({2000, std::string(kOk) + "Reached target multi-user.target."});
  }
  console.clear();
  console.set_cursor_visible(true);
  advance(now, console);
}

PcBootLog::Outcome PcBootLog::advance(std::chrono::milliseconds now, Console& console) {
  const auto elapsed = (now - started_).count();
  while (shown_ < lines_.size() && lines_[shown_].ms <= elapsed) {
    console.write(lines_[shown_].text);
    console.new_line();
    ++shown_;
  }
  if (shown_ < lines_.size()) return Outcome::kRunning;
  // The last line stays on screen a moment before getty or the emergency shell takes over.
  if (elapsed < lines_.back().ms + 200) return Outcome::kRunning;
  return end_;
}

}  // namespace mks::sim
