#include "tools/webmks_sim/sim_instance.h"

#include <stdexcept>

#include "agent/input/keyboard_layout.h"
#include "codecs/psf_font.h"
#include "tools/webmks_sim/fleet/fleet_api.h"
#include "tools/webmks_sim/pc_machine.h"
#include "tools/webmks_sim/sim_api.h"

namespace mks::sim {
namespace {

// Keeps the machine alive for as long as the session's coroutine frame exists (the
// io_context may destroy pending frames after the instance is gone).
boost::asio::awaitable<void> serve_shared(std::unique_ptr<transport::ByteStream> stream,
                                          ConnectionInfo info, std::shared_ptr<Machine> machine,
                                          SessionOptions options, EventSink events) {
  auto session = serve_session(std::move(stream), std::move(info), *machine, std::move(options),
                               std::move(events));
  co_await std::move(session);
}

// As serve_shared for one console of a fleet, which hears when the session ends.
boost::asio::awaitable<void> serve_fleet_console(std::unique_ptr<transport::ByteStream> stream,
                                                 ConnectionInfo info, std::shared_ptr<Fleet> fleet,
                                                 std::shared_ptr<FleetConsole> console,
                                                 SessionOptions options, EventSink events) {
  struct Closer {
    Fleet& fleet;
    const std::shared_ptr<FleetConsole>& console;
    ~Closer() { fleet.close(console); }
  } closer{*fleet, console};
  auto session = serve_session(std::move(stream), std::move(info), *console, std::move(options),
                               std::move(events));
  co_await std::move(session);
}

}  // namespace

std::unique_ptr<ConsoleProgram> make_program(const SimConfig& config) {
  if (config.fault != "fsck" && config.fault != "none") {
    throw std::invalid_argument("unknown fault '" + config.fault + "' (fsck, none)");
  }
  if (config.machine == "echo") return nullptr;
  if (config.machine == "pc") {
    return std::make_unique<PcMachine>(PcOptions{config.fault == "fsck", config.password});
  }
  throw std::invalid_argument("unknown machine '" + config.machine + "' (echo, pc)");
}

SimInstance::SimInstance(boost::asio::io_context& io, SimConfig config, EventSink events)
    : config_(std::move(config)),
      events_(events ? std::move(events) : [](const nlohmann::json&) {}),
      clock_(io) {
  if (config_.fleet) {
    serve_fleet(io);
    return;
  }
  sim_machine_ = std::make_shared<SimMachine>(codecs::PsfFont::load(config_.font),
                                              input::KeyboardLayout::by_name(config_.layout),
                                              make_program(config_));
  machine_ = sim_machine_;
  serve(io);
  boot_ = std::chrono::steady_clock::now();
  schedule_tick();
}

SimInstance::SimInstance(boost::asio::io_context& io, SimConfig config,
                         std::shared_ptr<Machine> machine, EventSink events)
    : config_(std::move(config)),
      events_(events ? std::move(events) : [](const nlohmann::json&) {}),
      machine_(std::move(machine)),
      clock_(io) {
  serve(io);
  machine_->add_observer(this);
}

void SimInstance::serve(boost::asio::io_context& io) {
  auto on_session = [this](std::unique_ptr<transport::ByteStream> stream, ConnectionInfo info) {
    return serve_shared(std::move(stream), std::move(info), machine_, config_.session, events_);
  };
  auto on_api = [this](const HttpCall& call) {
    return answer_api(*machine_, sim_machine_ ? &sim_machine_->console() : nullptr, call);
  };
  server_ = std::make_unique<SimServer>(io, config_.server, on_session, on_api, events_);
  server_->start();
  serve_authd(io, on_session);
}

void SimInstance::serve_authd(boost::asio::io_context& io, const SessionHandler& on_session) {
  if (!config_.authd) return;
  AuthdOptions options = *config_.authd;
  if (options.bind_address.empty()) options.bind_address = config_.server.bind_address;
  authd_ = std::make_unique<AuthdServer>(io, std::move(options), on_session, events_);
  authd_->start();
}

AuthdServer& SimInstance::authd() const {
  if (!authd_) throw std::logic_error("this simulator has no authentication daemon");
  return *authd_;
}

std::uint16_t SimInstance::authd_port() const {
  return authd().port();
}
std::string SimInstance::authd_thumbprint_sha1() const {
  return authd().thumbprint_sha1();
}
std::string SimInstance::issue_mks_ticket(std::string_view key) {
  return authd().issue_ticket(key);
}

void SimInstance::serve_fleet(boost::asio::io_context& io) {
  auto font = std::make_shared<const codecs::PsfFont>(codecs::PsfFont::load(config_.font));
  FleetOptions options{config_.fleet_seed, config_.fleet_mix, config_.password};
  fleet_ = std::make_shared<Fleet>(std::move(options), std::move(font),
                                   input::KeyboardLayout::by_name(config_.layout));
  config_.server.console_paths = true;
  auto on_session = [this](std::unique_ptr<transport::ByteStream> stream, ConnectionInfo info) {
    auto console = fleet_->open(info.key);
    wake_clock();
    return serve_fleet_console(std::move(stream), std::move(info), fleet_, std::move(console),
                               config_.session, events_);
  };
  auto on_api = [this, fleet = fleet_, running = running_](const HttpCall& call) {
    auto reply = answer_fleet_api(*fleet, call.method, call.target, call.body);
    if (*running && fleet->on_clock()) wake_clock();  // an API call may have started a boot
    return reply;
  };
  server_ = std::make_unique<SimServer>(io, config_.server, on_session, on_api, events_);
  server_->start();
  serve_authd(io, on_session);
  boot_ = std::chrono::steady_clock::now();
  clock_idle_ = true;
}

SimInstance::~SimInstance() {
  if (machine_) machine_->remove_observer(this);
  stop();
}

SimMachine& SimInstance::machine() {
  if (!sim_machine_) throw std::logic_error("a gateway or a fleet has no single simulated machine");
  return *sim_machine_;
}

Machine& SimInstance::served_machine() {
  if (!machine_) throw std::logic_error("a fleet serves one machine per console");
  return *machine_;
}

Fleet& SimInstance::fleet() {
  if (!fleet_) throw std::logic_error("this simulator is not a fleet");
  return *fleet_;
}

void SimInstance::stop() {
  if (!*running_) return;
  *running_ = false;
  clock_.cancel();
  server_.reset();  // closes the listener
  authd_.reset();
}

void SimInstance::schedule_tick() {
  clock_.expires_after(config_.tick);
  clock_.async_wait([this, running = running_](const boost::system::error_code& ec) {
    if (ec || !*running) return;  // stopped: `this` may be gone
    tick();
  });
}

void SimInstance::tick() {
  const auto now = std::chrono::steady_clock::now();
  if (fleet_) {
    clock_idle_ = !fleet_->tick(now);
    if (clock_idle_) return;
  } else {
    sim_machine_->advance(std::chrono::duration_cast<std::chrono::milliseconds>(now - boot_));
  }
  schedule_tick();
}

void SimInstance::wake_clock() {
  if (!clock_idle_ || !*running_) return;
  clock_idle_ = false;
  schedule_tick();
}

SimServer& SimInstance::server() const {
  if (!server_) throw std::logic_error("the simulator was stopped");
  return *server_;
}

std::string SimInstance::issue_ticket_url(std::string_view key) {
  return server().ticket_url(server().issue_ticket(key));
}
std::string SimInstance::issue_ticket(std::string_view key) {
  return server().issue_ticket(key);
}
std::string SimInstance::console_url(const std::string& key) const {
  return server().console_url(key);
}
void SimInstance::add_ticket(const std::string& token) {
  server().add_ticket(token);
}
std::string SimInstance::ticket_url(const std::string& token) const {
  return server().ticket_url(token);
}
std::uint16_t SimInstance::port() const {
  return server().port();
}
std::string SimInstance::api_url() const {
  return server().api_url();
}
std::string SimInstance::thumbprint_sha1() const {
  return server().thumbprint_sha1();
}
std::string SimInstance::thumbprint_sha256() const {
  return server().thumbprint_sha256();
}

}  // namespace mks::sim
