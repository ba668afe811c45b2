#include "cli/sweep_progress.h"

#include <cstdio>

namespace mks::cli {

using Clock = std::chrono::steady_clock;

SweepProgress::SweepProgress(std::ostream* out, std::size_t total, bool terminal)
    : out_(out), total_(total), terminal_(terminal) {}

void SweepProgress::done(const fleet::ConsoleResult& result) {
  ++done_;
  if (result.reached()) {
    ++states_[result.state];
  } else {
    ++failed_;
  }
  show(false);
}

std::string SweepProgress::line() const {
  const double seconds = std::chrono::duration<double>(Clock::now() - start_).count();
  char rate[32];
  std::snprintf(rate, sizeof rate, "%.1f/s", seconds > 0 ? done_ / seconds : 0.0);
  std::string text =
      "sweep: " + std::to_string(done_) + "/" + std::to_string(total_) + " · " + rate;
  for (const auto& [state, count] : states_) text += " · " + state + " " + std::to_string(count);
  if (failed_ > 0) text += " · failed " + std::to_string(failed_);
  return text;
}

void SweepProgress::show(bool force) {
  if (out_ == nullptr) return;
  const auto now = Clock::now();
  if (terminal_) {
    if (!force && now - shown_ < std::chrono::milliseconds(200) && done_ < total_) return;
    *out_ << "\r\033[K" << line() << std::flush;
  } else {
    const bool tenth = total_ > 0 && (done_ - shown_done_) * 10 >= total_;
    if (!force && !tenth && now - shown_ < std::chrono::seconds(10)) return;
    *out_ << line() << "\n" << std::flush;
  }
  shown_ = now;
  shown_done_ = done_;
}

void SweepProgress::finish() {
  show(true);
  if (out_ != nullptr && terminal_) *out_ << "\n" << std::flush;
}

void SweepProgress::note(const std::string& text) {
  if (out_ == nullptr) return;
  if (terminal_) *out_ << "\r\033[K";
  *out_ << "sweep: " << text << "\n" << std::flush;
  if (terminal_) show(true);
}

}  // namespace mks::cli
