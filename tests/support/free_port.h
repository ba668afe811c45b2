#pragma once

namespace mks::test {

// A TCP port on 127.0.0.1 that was free a moment ago, for a program that takes --listen
// HOST:PORT and cannot report the port it got.
int free_loopback_port();

}  // namespace mks::test
