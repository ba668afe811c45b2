#pragma once

#include <boost/asio/io_context.hpp>
#include <chrono>

namespace mks::cli {

// Runs `io` until `done` turns true (the command's completion handler sets it), then at most
// `grace` longer for what the command left running (a close under way, a recorder's last
// notice). Work still pending after that is dropped when the io_context goes: a command that
// has ended never waits on a server that stopped talking.
void run_until_done(boost::asio::io_context& io, const bool& done,
                    std::chrono::milliseconds grace = std::chrono::seconds(3));

}  // namespace mks::cli
