#include "scripting/screen_waits.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "agent/errors.h"
#include "agent/screen/needle_watch.h"

namespace mks::scripting {
namespace asio = boost::asio;

namespace {

std::string since(Clock::time_point start) {
  return seconds_text(Clock::now() - start);
}

}  // namespace

std::string seconds_text(Clock::duration d) {
  const double s = std::chrono::duration<double>(d).count();
  const long long tenths = std::llround(s * 10);
  char text[32];
  if (s >= 10 || tenths % 10 == 0) {
    std::snprintf(text, sizeof text, "%lld s", std::llround(s));
  } else {
    std::snprintf(text, sizeof text, "%.1f s", static_cast<double>(tenths) / 10);
  }
  return text;
}

bool is_cursor_sized(std::span<const codecs::Rect> changed) {
  if (changed.empty()) return true;
  int x0 = changed[0].x, y0 = changed[0].y;
  int x1 = x0 + changed[0].w, y1 = y0 + changed[0].h;
  for (const auto& r : changed) {
    x0 = std::min(x0, r.x);
    y0 = std::min(y0, r.y);
    x1 = std::max(x1, r.x + r.w);
    y1 = std::max(y1, r.y + r.h);
  }
  return x1 - x0 <= kCursorSizedChange && y1 - y0 <= kCursorSizedChange;
}

asio::awaitable<void> wait_for_screen(session::Session& session, Clock::time_point deadline) {
  if (session.screen_ready()) co_return;
  co_await session.wait_full_frame(deadline);
}

asio::awaitable<screen::ScreenText> wait_for_text(session::Session& session, ScreenReader& reader,
                                                  std::string text, Clock::time_point deadline) {
  const auto start = Clock::now();
  auto watch = session.watch_changes();
  for (;;) {
    if (session.screen_ready() && watch->changed()) {
      watch->take(session.screen());
      screen::ScreenText seen = co_await reader.read(session.screen());
      if (seen.contains(text)) co_return seen;
    }
    if (Clock::now() >= deadline) {
      throw TimeoutError("wait_text timed out (waited " + since(start) + " for \"" + text + "\")");
    }
    co_await session.wait_update(deadline);
  }
}

asio::awaitable<screen::NeedleMatch> wait_for_needle(session::Session& session,
                                                     screen::Needle needle,
                                                     Clock::time_point deadline) {
  const auto start = Clock::now();
  const std::string name = needle.name;
  screen::NeedleWatch matcher(std::move(needle));
  auto watch = session.watch_changes();
  std::string last = name + ": no complete frame yet";
  for (;;) {
    if (session.screen_ready() && watch->changed()) {
      const auto dirty = watch->take(session.screen());
      const screen::NeedleMatch& result = matcher.check(session.screen(), dirty);
      if (result.ok) co_return result;
      last = result.describe();
    }
    if (Clock::now() >= deadline) {
      throw TimeoutError("wait_screen timed out (waited " + since(start) + " for " + last + ")");
    }
    co_await session.wait_update(deadline);
  }
}

asio::awaitable<void> wait_for_still(session::Session& session, std::chrono::milliseconds quiet,
                                     Clock::time_point deadline) {
  const auto start = Clock::now();
  auto watch = session.watch_changes();
  watch->take(session.screen());
  auto still_since = Clock::now();
  for (;;) {
    if (watch->changed()) {
      const bool everything = watch->everything();
      const auto rects = watch->take(session.screen());
      if (everything || !is_cursor_sized(rects)) still_since = Clock::now();
    }
    const auto still_until = still_since + quiet;
    if (Clock::now() >= still_until) co_return;
    if (Clock::now() >= deadline) {
      throw TimeoutError("wait_still timed out (waited " + since(start) + " for " +
                         seconds_text(quiet) + " without a change)");
    }
    co_await session.wait_update(std::min(still_until, deadline));
  }
}

asio::awaitable<void> wait_for_change(session::Session& session, Clock::time_point deadline) {
  const auto start = Clock::now();
  auto watch = session.watch_changes();
  watch->take(session.screen());
  while (!watch->changed()) {
    if (Clock::now() >= deadline) {
      throw TimeoutError("wait_change timed out (waited " + since(start) +
                         " for the screen to change)");
    }
    co_await session.wait_update(deadline);
  }
}

}  // namespace mks::scripting
