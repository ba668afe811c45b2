#pragma once

#include <boost/asio/awaitable.hpp>
#include <chrono>
#include <string>

#include "agent/screen/needle.h"
#include "agent/screen/screen_text.h"
#include "agent/session/session.h"
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
// No change for `quiet`.
boost::asio::awaitable<void> wait_for_still(session::Session& session,
                                            std::chrono::milliseconds quiet,
                                            Clock::time_point deadline);
// Any change from now on.
boost::asio::awaitable<void> wait_for_change(session::Session& session, Clock::time_point deadline);
// A whole, consistent frame (after connect or a resize).
boost::asio::awaitable<void> wait_for_screen(session::Session& session, Clock::time_point deadline);

// "30 s", "1.5 s".
std::string seconds_text(Clock::duration d);

}  // namespace mks::scripting
