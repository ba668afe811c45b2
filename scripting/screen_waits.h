#pragma once

#include <boost/asio/awaitable.hpp>
#include <chrono>
#include <span>
#include <string>

#include "agent/screen/needle.h"
#include "agent/screen/screen_text.h"
#include "agent/session/session.h"
#include "codecs/image.h"
#include "scripting/screen_reader.h"

namespace mks::scripting {

using session::Clock;

// Waits on what a console shows. Each looks only when an update changed the screen (a
// ChangeWatch), so a still screen costs nothing, and reacts within one update. All throw
// TimeoutError "<call> timed out (waited N s for ...)" at the deadline.

boost::asio::awaitable<screen::ScreenText> wait_for_text(session::Session& session,
                                                         ScreenReader& reader, std::string text,
                                                         Clock::time_point deadline);
boost::asio::awaitable<screen::NeedleMatch> wait_for_needle(session::Session& session,
                                                            screen::Needle needle,
                                                            Clock::time_point deadline);
// No change for `quiet`. Changes that fit in a cursor-sized box (see is_cursor_sized) do not
// count, so a blinking text cursor still lets the screen be still.
boost::asio::awaitable<void> wait_for_still(session::Session& session,
                                            std::chrono::milliseconds quiet,
                                            Clock::time_point deadline);
// Any change from now on.
boost::asio::awaitable<void> wait_for_change(session::Session& session, Clock::time_point deadline);
// A whole, consistent frame (after connect or a resize).
boost::asio::awaitable<void> wait_for_screen(session::Session& session, Clock::time_point deadline);

// Whether the changed rectangles fit together in a box of at most kCursorSizedChange pixels
// each way: one text cell with its cursor (VGA's 9x16 cell sent by QEMU in 16-pixel-aligned
// columns is up to 32 wide), a blinking cursor or a spinner rather than new content.
constexpr int kCursorSizedChange = 32;
bool is_cursor_sized(std::span<const codecs::Rect> changed);

// "30 s", "1.5 s".
std::string seconds_text(Clock::duration d);

}  // namespace mks::scripting
