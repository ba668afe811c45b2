// webmks-sim: a WebMKS server whose console is a simulated machine. Prints one JSON line
// per event on stdout, the first being {"event":"ready",...} with the ticket URLs.
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <CLI/CLI.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <csignal>
#include <iostream>

#include "agent/rfb/vnc_password.h"
#include "agent/transport/url.h"
#include "tools/webmks_sim/sim_instance.h"
#include "tools/webmks_sim/upstream_machine.h"

namespace {

using namespace mks::sim;
namespace asio = boost::asio;

// After an upstream loss, how long open sessions get to close before the process exits.
constexpr std::chrono::seconds kLossGrace{2};

struct Flags {
  SimConfig config;
  int tickets = 1;
  int heartbeat_seconds = 5;
  std::string handshake = "rfb";
  std::string upstream;  // empty: serve the simulated machine
  std::string upstream_password_file;
  bool no_tls = false;
  bool verbose = false;
  std::string fleet_mix;  // empty: the default mix
  int authd_port = -1;    // -1: no authentication daemon
  std::string authd_fault = "none";
  std::string authd_redirect;
};

void print(const nlohmann::json& event) {
  std::cout << event.dump() << '\n' << std::flush;
}

void parse(CLI::App& app, Flags& f) {
  SimConfig& c = f.config;
  app.add_option("--port", c.server.port, "TCP port (0: any free port)");
  app.add_flag("--no-tls", f.no_tls, "serve ws:// and http:// instead of wss:// and https://");
  app.add_option("--bind", c.server.bind_address, "address to listen on");
  app.add_option("--handshake", f.handshake, "rfb: RFB 3.8 handshake; direct: ServerInit first")
      ->check(CLI::IsMember({"rfb", "direct"}));
  app.add_flag("--push", c.session.push, "announce UpdateAck and push updates");
  app.add_option("--tickets", f.tickets, "one-shot tickets to mint at start")
      ->check(CLI::Range(1, 1000));
  app.add_flag("--prefer-uint8utf8", c.server.prefer_uint8utf8,
               "choose the legacy uint8utf8 text subprotocol when offered");
  app.add_option("--font", c.font, "PSF console font");
  app.add_option("--layout", c.layout, "guest keyboard layout");
  app.add_option("--machine", c.machine, "echo: a prompt that echoes; pc: a PC that boots")
      ->check(CLI::IsMember({"echo", "pc"}));
  app.add_option("--fault", c.fault, "pc: fsck (root file system needs repair) or none")
      ->check(CLI::IsMember({"fsck", "none"}));
  app.add_option("--password", c.password, "pc: root's password");
  app.add_flag("--accept-foreign-tickets", c.server.accept_foreign_tickets,
               "accept tickets minted elsewhere (a vCenter simulator), each once");
  app.add_option("--vcenter-rest", c.server.vcenter_rest.login,
                 "serve a small vCenter REST API (/api/session, console tickets) for this login")
      ->type_name("USER:PASSWORD");
  app.add_option("--vcenter-rest-vm", c.server.vcenter_rest.vm_name,
                 "the VM name the REST API lists (its id is vm-1)");
  app.add_option("--heartbeat", f.heartbeat_seconds, "seconds between heartbeats (0: none)")
      ->check(CLI::Range(0, 3600));
  app.add_option("--upstream", f.upstream,
                 "serve this VNC server (vnc://HOST:PORT, ws://…) instead of a simulated machine")
      ->type_name("URL");
  app.add_option("--upstream-password-file", f.upstream_password_file,
                 "the upstream's VNC password: first line of FILE (else MKS_VNC_PASSWORD)")
      ->type_name("FILE");
  auto* fleet = app.add_flag("--fleet", c.fleet,
                             "serve many consoles, one machine per KEY (/ticket/KEY.RANDOM, "
                             "/console/KEY), each in a console state");
  app.add_option("--fleet-mix", f.fleet_mix,
                 "fractions of the keys in each state (the rest: login-prompt)")
      ->type_name("STATE=FRACTION,...")
      ->needs(fleet);
  app.add_option("--fleet-seed", c.fleet_seed, "seed of the state draw")->needs(fleet);
  app.add_option("--authd-port", f.authd_port,
                 "also serve the consoles through an ESXi-like authentication daemon (mks "
                 "tickets, as TCP 902) on this port (0: any free port)")
      ->check(CLI::Range(0, 65535));
  app.add_option("--authd-fault", f.authd_fault,
                 "the daemon's failure: none, refuse-login (530), expire-first-ticket (530 once), "
                 "no-such-vm (553), busy (552), "
                 "redirect (630, with --authd-redirect), wrong-thumbprint, no-tls, not-authd")
      ->check([](const std::string& name) {
        try {
          parse_authd_fault(name);
          return std::string();
        } catch (const std::invalid_argument& e) {
          return std::string(e.what());
        }
      });
  app.add_option("--authd-redirect", f.authd_redirect,
                 "where the redirect fault sends clients: another daemon's HOST:PORT")
      ->type_name("HOST:PORT");
  app.add_flag("-v,--verbose", f.verbose, "log protocol details on stderr");
  app.callback([&] {
    if (f.authd_port >= 0) {
      AuthdOptions authd;
      authd.bind_address = c.server.bind_address;
      authd.port = static_cast<std::uint16_t>(f.authd_port);
      authd.fault = parse_authd_fault(f.authd_fault);
      authd.redirect_to = f.authd_redirect;
      authd.accept_foreign_tickets = c.server.accept_foreign_tickets;
      if (authd.fault == AuthdFault::kRedirect && authd.redirect_to.empty()) {
        throw CLI::ValidationError("--authd-fault redirect needs --authd-redirect HOST:PORT");
      }
      c.authd = authd;
    }
    c.server.tls = !f.no_tls;
    c.session.handshake = f.handshake == "direct" ? Handshake::kDirect : Handshake::kRfb;
    c.session.heartbeat = std::chrono::seconds(f.heartbeat_seconds);
  });
}

nlohmann::json ready_line(SimInstance& sim, int tickets) {
  nlohmann::json urls = nlohmann::json::array();
  for (int i = 0; i < tickets; ++i) urls.push_back(sim.issue_ticket_url());
  nlohmann::json ready = {{"event", "ready"},
                          {"url", urls.at(0)},
                          {"tickets", urls},
                          {"port", sim.port()},
                          {"thumbprint_sha1", sim.thumbprint_sha1()},
                          {"thumbprint_sha256", sim.thumbprint_sha256()},
                          {"api", sim.api_url()}};
  if (sim.config().authd) {
    nlohmann::json mks = nlohmann::json::array();
    for (int i = 0; i < tickets; ++i) mks.push_back(sim.issue_mks_ticket());
    ready.update({{"authd_port", sim.authd_port()},
                  {"authd_thumbprint_sha1", sim.authd_thumbprint_sha1()},
                  {"mks_tickets", mks}});
  }
  if (sim.config().fleet) {
    ready.update({{"mode", "fleet"},
                  {"seed", sim.config().fleet_seed},
                  {"mix", to_string(sim.config().fleet_mix)},
                  {"console_url", sim.console_url("KEY")}});
  }
  return ready;
}

asio::awaitable<void> open_into(UpstreamOptions options,
                                std::shared_ptr<UpstreamMachine>& machine) {
  // Named: a temporary inside a co_await expression is copied bitwise by GCC 12.
  const EventSink events = print;
  machine = co_await UpstreamMachine::open(std::move(options), events);
}

// Runs `io` until the upstream is open; rethrows its failure as one line.
std::shared_ptr<UpstreamMachine> open_upstream(asio::io_context& io, const Flags& f) {
  UpstreamOptions options;
  options.url = f.upstream;
  options.password = mks::rfb::vnc_password(f.upstream_password_file);
  options.layout = f.config.layout;
  std::shared_ptr<UpstreamMachine> machine;
  std::exception_ptr failure;
  bool done = false;
  asio::co_spawn(io, open_into(std::move(options), machine), [&](std::exception_ptr error) {
    failure = error;
    done = true;
  });
  while (!done && io.run_one() > 0) {
  }
  try {
    if (failure) std::rethrow_exception(failure);
  } catch (const std::exception& error) {
    throw std::runtime_error("upstream " + mks::transport::redact_tickets(f.upstream) + ": " +
                             error.what());
  }
  return machine;
}

int run_gateway(const Flags& f) {
  asio::io_context io;
  auto upstream = open_upstream(io, f);
  SimInstance sim(io, f.config, upstream, print);
  print(ready_line(sim, f.tickets));
  print(upstream->connected_event());
  asio::signal_set signals(io, SIGINT, SIGTERM);
  signals.async_wait([&io](const boost::system::error_code& ec, int) {
    if (!ec) io.stop();
  });
  int exit_code = 0;
  asio::steady_timer grace(io);
  upstream->on_lost([&](const std::string& reason) {
    std::cerr << "webmks-sim: upstream lost: " << reason << '\n';
    exit_code = 1;
    signals.cancel();
    grace.expires_after(kLossGrace);
    grace.async_wait([&io](const boost::system::error_code&) { io.stop(); });
  });
  io.run();
  return exit_code;
}

int run(const Flags& f) {
  if (!f.upstream.empty()) return run_gateway(f);
  asio::io_context io;
  SimInstance sim(io, f.config, print);
  print(ready_line(sim, f.tickets));
  asio::signal_set signals(io, SIGINT, SIGTERM);
  signals.async_wait([&io](const boost::system::error_code&, int) { io.stop(); });
  io.run();
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"WebMKS simulator: a simulated machine's console served over WebMKS"};
  Flags flags;
  parse(app, flags);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    const int code = app.exit(error);  // prints help or the usage error
    return code == 0 ? 0 : 2;
  }
  try {
    if (!flags.fleet_mix.empty()) flags.config.fleet_mix = parse_fleet_mix(flags.fleet_mix);
  } catch (const std::invalid_argument& error) {
    std::cerr << "webmks-sim: " << error.what() << '\n';
    return 2;
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
