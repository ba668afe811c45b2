// mks-fault-proxy: a TCP proxy on 127.0.0.1 in front of one upstream (webmks-sim, a VNC
// server) that injects one fault into what the server sends: latency, a bandwidth cap, one
// byte at a time, a stall, a reset or a cut mid-stream, or WebSocket-level faults
// (fragmentation, ping floods, an oversized frame, junk). Prints one JSON line per event on
// stdout, the first {"event":"ready","port":N,...}.
#include <CLI/CLI.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/signal_set.hpp>
#include <csignal>
#include <iostream>

#include "tools/fault_proxy/proxy_server.h"

namespace {

namespace asio = boost::asio;
using namespace mks::fault_proxy;

struct Flags {
  int port = 0;
  std::string upstream;  // HOST:PORT
  std::string fault = "none";
  int delay_ms = -1;  // -1: the fault's default
  int after_ms = 0;
  FaultOptions options;
};

void print(const nlohmann::json& event) {
  std::cout << event.dump() << '\n' << std::flush;
}

void parse(CLI::App& app, Flags& f) {
  FaultOptions& o = f.options;
  app.add_option("--port", f.port, "TCP port on 127.0.0.1 (0: any free port)");
  app.add_option("--upstream", f.upstream, "where to forward connections")
      ->type_name("HOST:PORT")
      ->required();
  app.add_option("--fault", f.fault, "the fault: " + fault_names());
  app.add_option("--delay-ms", f.delay_ms,
                 "latency: the hold per chunk (50); one-byte: the pause between bytes (0)")
      ->check(CLI::Range(0, 60000));
  app.add_option("--rate", o.rate, "bandwidth: bytes per second")->check(CLI::Range(1, 1 << 30));
  app.add_option("--after-bytes", o.after_bytes,
                 "stall, reset, cut: server bytes forwarded first; oversized-frame, garbage: "
                 "WebSocket payload bytes forwarded first (then the fault at the next message "
                 "boundary)");
  app.add_option("--after-ms", f.after_ms,
                 "stall, reset, cut: and not before this many ms after the connection opened "
                 "(the fault then comes with the server's next bytes)")
      ->check(CLI::Range(0, 3600000));
  app.add_option("--size", o.size, "fragment: payload bytes per frame")
      ->check(CLI::Range(1, 1 << 20));
  app.add_option("--pings", o.pings, "ping-flood: pings before every frame")
      ->check(CLI::Range(1, 1000));
  app.add_option("--length", o.length, "oversized-frame: the length the frame announces");
  app.add_option("--junk", o.junk, "garbage: bytes of junk")->check(CLI::Range(1, 1 << 20));
  app.add_option("--seed", o.seed, "garbage: the junk's random seed");
  app.add_option("--first", o.first,
                 "apply the fault to the first N connections only, forward later ones "
                 "unchanged (0: every connection)")
      ->check(CLI::Range(0, 1 << 30));
}

asio::ip::tcp::endpoint resolve(asio::io_context& io, const std::string& host_port) {
  const auto colon = host_port.rfind(':');
  if (colon == std::string::npos) throw std::invalid_argument("--upstream wants HOST:PORT");
  asio::ip::tcp::resolver resolver(io);
  const auto results = resolver.resolve(host_port.substr(0, colon), host_port.substr(colon + 1));
  return *results.begin();
}

int run(const Flags& f) {
  asio::io_context io;
  ProxyServer server(io, f.port, resolve(io, f.upstream), f.options, print);
  server.start();
  print({{"event", "ready"},
         {"port", server.port()},
         {"upstream", f.upstream},
         {"fault", name_of(f.options.kind)},
         {"what", describe(f.options)}});
  asio::signal_set signals(io, SIGINT, SIGTERM);
  signals.async_wait([&io](const boost::system::error_code&, int) { io.stop(); });
  io.run();
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Fault-injecting TCP proxy for testing mksagent against broken links"};
  Flags flags;
  parse(app, flags);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    const int code = app.exit(error);
    return code == 0 ? 0 : 2;
  }
  try {
    flags.options.kind = fault_kind_named(flags.fault);
    flags.options.after_time = std::chrono::milliseconds(flags.after_ms);
    if (flags.delay_ms >= 0) {
      flags.options.delay = std::chrono::milliseconds(flags.delay_ms);
    } else if (flags.options.kind == FaultKind::kOneByte) {
      flags.options.delay = std::chrono::milliseconds(0);
    }
  } catch (const std::invalid_argument& error) {
    std::cerr << "mks-fault-proxy: " << error.what() << '\n';
    return 2;
  }
  try {
    return run(flags);
  } catch (const std::exception& error) {
    std::cerr << "mks-fault-proxy: " << error.what() << '\n';
    return 1;
  }
}
