#include "agent/vsphere/vcenter_address.h"

#include <gtest/gtest.h>

namespace mks::vsphere {
namespace {

TEST(VcenterTarget, Parse_UserHostAndVmName) {
  const auto t = VcenterTarget::parse("vcenter://ops@vc.example/web01");
  EXPECT_EQ(t.user, "ops");
  EXPECT_EQ(t.endpoint.host, "vc.example");
  EXPECT_EQ(t.endpoint.port, 443);
  EXPECT_TRUE(t.endpoint.tls);
  EXPECT_EQ(t.vm.kind, VmSelector::Kind::kName);
  EXPECT_EQ(t.vm.value, "web01");
  EXPECT_FALSE(t.thumbprint);
}

TEST(VcenterTarget, Parse_UserWithAtSignPortAndInventoryPath) {
  const auto t = VcenterTarget::parse("vcenter://administrator@vsphere.local@vc:8443/DC0/vm/a%20b");
  EXPECT_EQ(t.user, "administrator@vsphere.local");
  EXPECT_EQ(t.endpoint.host, "vc");
  EXPECT_EQ(t.endpoint.port, 8443);
  EXPECT_EQ(t.vm.kind, VmSelector::Kind::kInventoryPath);
  EXPECT_EQ(t.vm.value, "DC0/vm/a b");
}

TEST(VcenterTarget, Parse_EncodedUserMorefAndThumbprint) {
  const auto t = VcenterTarget::parse(
      "vcenter://administrator%40vsphere.local@[::1]:9/vm-42?thumbprint=" + std::string(40, 'a'));
  EXPECT_EQ(t.user, "administrator@vsphere.local");
  EXPECT_EQ(t.endpoint.host, "::1");
  EXPECT_EQ(t.vm.kind, VmSelector::Kind::kMoref);
  ASSERT_TRUE(t.thumbprint);
  EXPECT_EQ(t.thumbprint->algorithm, transport::Thumbprint::Algorithm::kSha1);
  EXPECT_EQ(t.to_string(), "vcenter://administrator@vsphere.local@[::1]:9/vm-42");
}

TEST(VcenterTarget, Parse_RejectsMissingPartsWithAReason) {
  EXPECT_THROW(VcenterTarget::parse("vcenter://vc/web01"), std::invalid_argument);
  EXPECT_THROW(VcenterTarget::parse("vcenter://ops@vc"), std::invalid_argument);
  EXPECT_THROW(VcenterTarget::parse("vcenter://ops@vc/"), std::invalid_argument);
  EXPECT_THROW(VcenterTarget::parse("vcenter://ops@vc:0/x"), std::invalid_argument);
  EXPECT_THROW(VcenterTarget::parse("vcenter://ops@vc/x?insecure=1"), std::invalid_argument);
  EXPECT_THROW(VcenterTarget::parse("vcenter://ops@vc/x%2"), std::invalid_argument);
  EXPECT_FALSE(VcenterTarget::is_vcenter_url("wss://esx/ticket/x"));
}

TEST(VcenterTarget, Parse_ViaInAnyOrderWithTheThumbprint) {
  EXPECT_FALSE(VcenterTarget::parse("vcenter://ops@vc/web01").via);
  EXPECT_EQ(VcenterTarget::parse("vcenter://ops@vc/web01?via=api").via, ConsoleVia::kApi);
  const auto t =
      VcenterTarget::parse("vcenter://ops@vc/web01?via=auto&thumbprint=" + std::string(40, 'b'));
  EXPECT_EQ(t.via, ConsoleVia::kAuto);
  EXPECT_TRUE(t.thumbprint);
  EXPECT_EQ(
      VcenterTarget::parse("vcenter://ops@vc/x?thumbprint=" + std::string(40, 'b') + "&via=webmks")
          .via,
      ConsoleVia::kWebmks);
}

TEST(VcenterTarget, Parse_UnknownViaNamesTheChoices) {
  try {
    VcenterTarget::parse("vcenter://ops@vc/web01?via=902");
    FAIL() << "no error";
  } catch (const std::invalid_argument& e) {
    EXPECT_STREQ(e.what(), "unknown console path \"902\": use webmks, api, mks or auto");
  }
}

TEST(VmSelector, Parse_TellsNamesFromIdsAndPaths) {
  EXPECT_EQ(VmSelector::parse("vm-7").kind, VmSelector::Kind::kMoref);
  EXPECT_EQ(VmSelector::parse("vm-web").kind, VmSelector::Kind::kName);
  EXPECT_EQ(VmSelector::parse("vm-").kind, VmSelector::Kind::kName);
  EXPECT_EQ(VmSelector::parse("DC/vm/x").kind, VmSelector::Kind::kInventoryPath);
  EXPECT_EQ(VmSelector::parse("web01").describe(), "VM named 'web01'");
  EXPECT_THROW(VmSelector::parse(""), std::invalid_argument);
}

TEST(VcenterEndpoint, Parse_SchemesAndDefaults) {
  EXPECT_EQ(VcenterEndpoint::parse("https://vc.example/sdk").to_string(), "https://vc.example:443");
  EXPECT_EQ(VcenterEndpoint::parse("vc.example:8443").to_string(), "https://vc.example:8443");
  EXPECT_EQ(VcenterEndpoint::parse("http://127.0.0.1").to_string(), "http://127.0.0.1:80");
  EXPECT_THROW(VcenterEndpoint::parse("ftp://vc"), std::invalid_argument);
  EXPECT_THROW(VcenterEndpoint::parse("https://"), std::invalid_argument);
}

}  // namespace
}  // namespace mks::vsphere
