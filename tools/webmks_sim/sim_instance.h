#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <memory>
#include <optional>
#include <string>

#include "tools/webmks_sim/fleet/fleet.h"
#include "tools/webmks_sim/net/authd_server.h"
#include "tools/webmks_sim/net/sim_server.h"
#include "tools/webmks_sim/rfb_server_session.h"
#include "tools/webmks_sim/sim_machine.h"

namespace mks::sim {

// Everything one simulator needs; webmks-sim fills it from its flags.
struct SimConfig {
  std::string machine = "echo";  // "echo": a prompt that echoes; "pc": a PC that boots
  std::string fault = "fsck";    // pc only: "fsck" (root fs needs repair) or "none"
  std::string password = "mks";  // pc only: root's password at the login prompt
  std::string layout = "us";     // guest keyboard layout (input::KeyboardLayout::by_name)
  std::string font = "/usr/share/consolefonts/Lat15-VGA16.psf.gz";
  ServerOptions server;                // bind address, port (0: any), tls, prefer_uint8utf8
  SessionOptions session;              // handshake, push, heartbeat
  std::chrono::milliseconds tick{20};  // how often the machine's clock is advanced
  // Serve a fleet: one machine per console KEY (tickets KEY.RANDOM, /console/KEY) instead
  // of one machine; `machine` and `fault` are then not used.
  bool fleet = false;
  std::uint64_t fleet_seed = 1;
  FleetMix fleet_mix = default_fleet_mix();
  // Also serve the consoles through an ESXi-like authentication daemon on its own port
  // (`mks` tickets, docs/authd.md).
  std::optional<AuthdOptions> authd;
};

// A running simulator on the caller's io_context: machine, clock, WebMKS server and API.
// The constructor loads the font, binds the port and starts the clock; it throws
// (std::invalid_argument for a bad config, std::runtime_error otherwise) on failure.
// Open sessions share the machine, so it lives until the last one ends, even past the
// instance; destroy the instance before its io_context.
class SimInstance final : private ScreenObserver {
 public:
  SimInstance(boost::asio::io_context& io, SimConfig config, EventSink events = {});
  // A gateway: serves `machine` (an UpstreamMachine) instead of a simulated one; the
  // machine, font and layout fields of `config` are not used. When the machine is lost the
  // instance stops: open sessions are closed by the machine, new connections refused.
  SimInstance(boost::asio::io_context& io, SimConfig config, std::shared_ptr<Machine> machine,
              EventSink events = {});
  ~SimInstance();
  SimInstance(const SimInstance&) = delete;
  SimInstance& operator=(const SimInstance&) = delete;

  // Mints a one-shot ticket: wss://127.0.0.1:PORT/ticket/T (T = KEY.RANDOM with a key).
  std::string issue_ticket_url(std::string_view key = {});
  std::string issue_ticket(std::string_view key = {});    // the token alone
  std::string console_url(const std::string& key) const;  // ws(s)://127.0.0.1:PORT/console/KEY
  void add_ticket(const std::string& token);
  std::string ticket_url(const std::string& token) const;
  std::uint16_t port() const;
  std::string api_url() const;
  std::string thumbprint_sha1() const;  // upper-case hex with ':' (empty without TLS)
  std::string thumbprint_sha256() const;
  // The authentication daemon (SimConfig::authd): its port, its certificate's SHA-1 (an mks
  // ticket's sslThumbprint) and one-shot mks tickets. std::logic_error without one.
  std::uint16_t authd_port() const;
  std::string authd_thumbprint_sha1() const;
  std::string issue_mks_ticket(std::string_view key = {});

  // The simulated machine; std::logic_error for a gateway or a fleet.
  SimMachine& machine();
  // What sessions are served: the simulated machine or the gateway's upstream
  // (std::logic_error for a fleet).
  Machine& served_machine();
  // The fleet's consoles; std::logic_error when not a fleet.
  Fleet& fleet();
  const SimConfig& config() const { return config_; }
  // Stops the clock and closes the listener; open sessions run on until their client leaves.
  void stop();

 private:
  void serve(boost::asio::io_context& io);
  void serve_authd(boost::asio::io_context& io, const SessionHandler& on_session);
  AuthdServer& authd() const;
  void serve_fleet(boost::asio::io_context& io);
  void schedule_tick();
  void tick();
  void wake_clock();  // a fleet's clock sleeps while no console needs it
  void screen_changed(std::span<const codecs::Rect>) override {}
  void leds_changed(std::uint32_t) override {}
  void screen_resized(int, int) override {}
  void machine_lost(const std::string&) override { stop(); }
  SimServer& server() const;  // throws std::logic_error after stop()

  SimConfig config_;
  EventSink events_;
  std::shared_ptr<SimMachine> sim_machine_;  // null for a gateway
  std::shared_ptr<Machine> machine_;         // null for a fleet
  std::shared_ptr<Fleet> fleet_;             // null unless a fleet
  std::unique_ptr<SimServer> server_;
  std::unique_ptr<AuthdServer> authd_;
  boost::asio::steady_timer clock_;
  std::chrono::steady_clock::time_point boot_;
  bool clock_idle_ = false;
  // Shared with the pending tick, which may already be queued when stop() cancels the timer.
  std::shared_ptr<bool> running_ = std::make_shared<bool>(true);
};

// The program a config runs on the console (nullptr for the echo Shell). Throws
// std::invalid_argument for an unknown machine or fault.
std::unique_ptr<ConsoleProgram> make_program(const SimConfig& config);

}  // namespace mks::sim
