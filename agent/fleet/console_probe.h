#pragma once

#include <boost/asio/awaitable.hpp>
#include <chrono>
#include <functional>
#include <string>

#include "agent/session/session.h"
#include "agent/vsphere/console_target.h"
#include "codecs/image.h"

namespace mks::fleet {

// Where a console is, asked just before connecting: a vCenter ticket is one-shot and
// expires, so it is acquired at the last moment.
using AddressSource = std::function<boost::asio::awaitable<vsphere::ConsoleAddress>()>;

struct ProbeOptions {
  session::SessionOptions session;           // TLS choices, encodings, VNC password
  std::chrono::milliseconds timeout{30000};  // ticket, connect, handshake and first frame
};

struct Probe {
  codecs::Image frame;
  long connect_ms = 0;  // ticket + transport + RFB handshake
  long frame_ms = 0;    // the first full frame after that
};

// A session on the console `source` names: the address asked for, then transport and RFB
// handshake, all by `deadline`. The dialect follows the URL unless options set one.
boost::asio::awaitable<std::shared_ptr<session::Session>> open_session(
    AddressSource source, session::SessionOptions options, session::Clock::time_point deadline);

// Connects, takes the first full frame and closes: one look at a console. Throws the
// connection's one-line error (TimeoutError when `timeout` passes first).
boost::asio::awaitable<Probe> probe_console(AddressSource source, ProbeOptions options);

}  // namespace mks::fleet
