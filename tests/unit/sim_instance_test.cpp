#include "tools/webmks_sim/sim_instance.h"

#include <gtest/gtest.h>

#include <chrono>

#include "tools/webmks_sim/pc_machine.h"

namespace mks::sim {
namespace {

using namespace std::chrono_literals;

SimConfig pc_config() {
  SimConfig config;
  config.machine = "pc";
  config.server.tls = false;
  return config;
}

TEST(SimInstance, Start_ServesTicketsAndRunsTheClock) {
  boost::asio::io_context io;
  SimInstance sim(io, pc_config());
  const std::string url = sim.issue_ticket_url();
  EXPECT_EQ(url.rfind("ws://127.0.0.1:" + std::to_string(sim.port()) + "/ticket/", 0), 0u);
  EXPECT_NE(sim.issue_ticket_url(), url);  // one-shot: a fresh token each time
  EXPECT_EQ(sim.thumbprint_sha256(), "");  // no TLS, no certificate
  io.run_for(200ms);
  EXPECT_GT(sim.machine().now(), 100ms);
  EXPECT_NE(sim.machine().console().line(1).find("SimBIOS"), std::string::npos);
}

TEST(SimInstance, Tls_HasAThumbprint) {
  boost::asio::io_context io;
  SimConfig config;
  SimInstance sim(io, config);
  EXPECT_EQ(sim.thumbprint_sha256().size(), 32u * 3 - 1);  // AA:BB:...
  EXPECT_EQ(sim.issue_ticket_url().rfind("wss://", 0), 0u);
}

TEST(SimInstance, Stop_StopsTheClockAndRefusesTickets) {
  boost::asio::io_context io;
  SimInstance sim(io, pc_config());
  sim.stop();
  io.run_for(100ms);
  EXPECT_EQ(sim.machine().now(), 0ms);
  EXPECT_THROW(sim.issue_ticket_url(), std::logic_error);
}

TEST(SimInstance, BadConfig_IsRejected) {
  boost::asio::io_context io;
  SimConfig config = pc_config();
  config.fault = "meteor";
  EXPECT_THROW(SimInstance(io, config), std::invalid_argument);
  config.fault = "none";
  config.machine = "toaster";
  EXPECT_THROW(SimInstance(io, config), std::invalid_argument);
}

}  // namespace
}  // namespace mks::sim
