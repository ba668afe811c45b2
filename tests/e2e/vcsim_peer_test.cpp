// The vCenter simulator peer itself (tests/peers/vcsim): it builds, starts, serves the
// vSphere API and refuses a login that is not its own.
#include <gtest/gtest.h>

#include <cstdlib>
#include <nlohmann/json.hpp>

#include "tests/support/http_get.h"
#include "tests/support/vcsim_process.h"

namespace mks::test {
namespace {

TEST(VcsimPeer, Starts_ServesAboutAndListsFourVms) {
  SKIP_WITHOUT_VCSIM();
  VcsimProcess vcsim(TicketTarget{});
  EXPECT_EQ(vcsim.vms().size(), 4u);
  EXPECT_EQ(vcsim.vms().count("DC0_H0_VM0"), 1u);
  const auto about = http_get(vcsim.base_url() + "/about");
  EXPECT_EQ(about.status, 200u);
  // main.go adds AcquireTicket to the simulator's methods.
  EXPECT_NE(about.body.find("\"AcquireTicket\""), std::string::npos);
}

}  // namespace
}  // namespace mks::test
