// webmks-sim: a WebMKS server whose console is a simulated machine. Prints one JSON line
// per event on stdout, the first being {"event":"ready",...} with the ticket URLs.
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <CLI/CLI.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <csignal>
#include <iostream>

#include "agent/input/keyboard_layout.h"
#include "codecs/psf_font.h"
#include "tools/webmks_sim/net/sim_server.h"
#include "tools/webmks_sim/rfb_server_session.h"
#include "tools/webmks_sim/sim_api.h"
#include "tools/webmks_sim/sim_machine.h"

namespace {

using namespace mks::sim;

struct Flags {
  ServerOptions server;
  SessionOptions session;
  int tickets = 1;
  int heartbeat_seconds = 5;
  std::string font = "/usr/share/consolefonts/Lat15-VGA16.psf.gz";
  std::string layout = "us";
  std::string handshake = "rfb";
  bool no_tls = false;
  bool verbose = false;
};

void print(const nlohmann::json& event) {
  std::cout << event.dump() << '\n' << std::flush;
}

void parse(CLI::App& app, Flags& f) {
  app.add_option("--port", f.server.port, "TCP port (0: any free port)");
  app.add_flag("--no-tls", f.no_tls, "serve ws:// and http:// instead of wss:// and https://");
  app.add_option("--bind", f.server.bind_address, "address to listen on");
  app.add_option("--handshake", f.handshake, "rfb: RFB 3.8 handshake; direct: ServerInit first")
      ->check(CLI::IsMember({"rfb", "direct"}));
  app.add_flag("--push", f.session.push, "announce UpdateAck and push updates");
  app.add_option("--tickets", f.tickets, "one-shot tickets to mint at start")
      ->check(CLI::Range(1, 1000));
  app.add_flag("--prefer-uint8utf8", f.server.prefer_uint8utf8,
               "choose the legacy uint8utf8 text subprotocol when offered");
  app.add_option("--font", f.font, "PSF console font");
  app.add_option("--layout", f.layout, "guest keyboard layout");
  app.add_option("--heartbeat", f.heartbeat_seconds, "seconds between heartbeats (0: none)")
      ->check(CLI::Range(0, 3600));
  app.add_flag("-v,--verbose", f.verbose, "log protocol details on stderr");
  app.callback([&] {
    f.server.tls = !f.no_tls;
    f.session.handshake = f.handshake == "direct" ? Handshake::kDirect : Handshake::kRfb;
    f.session.heartbeat = std::chrono::seconds(f.heartbeat_seconds);
  });
}

nlohmann::json ready_line(SimServer& server, int tickets) {
  nlohmann::json urls = nlohmann::json::array();
  for (int i = 0; i < tickets; ++i) urls.push_back(server.ticket_url(server.issue_ticket()));
  return {{"event", "ready"},
          {"url", urls.at(0)},
          {"tickets", urls},
          {"port", server.port()},
          {"thumbprint_sha1", server.thumbprint_sha1()},
          {"thumbprint_sha256", server.thumbprint_sha256()},
          {"api", server.api_url()}};
}

int run(const Flags& f) {
  SimMachine machine(mks::codecs::PsfFont::load(f.font),
                     mks::input::KeyboardLayout::by_name(f.layout));
  boost::asio::io_context io;
  const EventSink events = print;
  auto on_session = [&machine, &f, &events](std::unique_ptr<mks::transport::ByteStream> stream,
                                            ConnectionInfo info) {
    return serve_session(std::move(stream), std::move(info), machine, f.session, events);
  };
  auto on_api = [&machine](const std::string& method, const std::string& target) {
    return answer_api(machine, method, target);
  };
  SimServer server(io, f.server, on_session, on_api, events);
  server.start();
  print(ready_line(server, f.tickets));
  boost::asio::signal_set signals(io, SIGINT, SIGTERM);
  signals.async_wait([&io](const boost::system::error_code&, int) { io.stop(); });
  io.run();
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"WebMKS simulator: a simulated text console served over WebMKS"};
  Flags flags;
  parse(app, flags);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    const int code = app.exit(error);  // prints help or the usage error
    return code == 0 ? 0 : 2;
  }
  spdlog::set_default_logger(spdlog::stderr_color_mt("webmks-sim"));
  spdlog::set_level(flags.verbose ? spdlog::level::debug : spdlog::level::info);
  try {
    return run(flags);
  } catch (const std::exception& error) {
    std::cerr << "webmks-sim: " << error.what() << '\n';
    return 1;
  }
}
