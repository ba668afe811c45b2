// The pieces of the vSphere API console path that need no vCenter: the PutUsbScanCodes body
// (as govmomi marshals it, docs/vsphere-api.md), datastore paths, /folder URLs.
#include <gtest/gtest.h>

#include "agent/vsphere/datastore_path.h"
#include "agent/vsphere/vm_console_api.h"

namespace mks::vsphere {
namespace {

TEST(PutUsbScanCodesBody, OneEventPerKeyWithOnlyTheModifiersHeld) {
  UsbKeyEvent shifted_a{0x04, {}};
  shifted_a.modifiers.left_shift = true;
  const UsbKeyEvent enter{0x28, {}};
  const UsbKeyEvent events[] = {shifted_a, enter};
  const ManagedObject vm{"VirtualMachine", "vm-42"};
  EXPECT_EQ(put_usb_scan_codes_body(vm, events),
            "<vim25:PutUsbScanCodes><vim25:_this type=\"VirtualMachine\">vm-42</vim25:_this>"
            "<vim25:spec><vim25:keyEvents><vim25:usbHidCode>262151</vim25:usbHidCode>"
            "<vim25:modifiers><vim25:leftShift>true</vim25:leftShift></vim25:modifiers>"
            "</vim25:keyEvents><vim25:keyEvents><vim25:usbHidCode>2621447</vim25:usbHidCode>"
            "</vim25:keyEvents></vim25:spec></vim25:PutUsbScanCodes>");
}

TEST(PutUsbScanCodesBody, ModifiersGoInTheSpecOrder) {
  UsbKeyEvent event{0x4C, {}};
  event.modifiers.right_gui = true;
  event.modifiers.left_control = true;
  event.modifiers.left_alt = true;
  const ManagedObject vm{"VirtualMachine", "vm-1"};
  const std::string body = put_usb_scan_codes_body(vm, std::span(&event, 1));
  EXPECT_NE(body.find("<vim25:modifiers><vim25:leftControl>true</vim25:leftControl>"
                      "<vim25:leftAlt>true</vim25:leftAlt><vim25:rightGui>true</vim25:rightGui>"
                      "</vim25:modifiers>"),
            std::string::npos)
      << body;
}

TEST(DatastorePath, ParsesTheBracketedForm) {
  const auto p = DatastorePath::parse("[datastore 1] web01/web01-3.png");
  ASSERT_TRUE(p);
  EXPECT_EQ(p->datastore, "datastore 1");
  EXPECT_EQ(p->path, "web01/web01-3.png");
  EXPECT_FALSE(p->host_form);
  EXPECT_EQ(p->bracketed(), "[datastore 1] web01/web01-3.png");
}

TEST(DatastorePath, ParsesTheHostForm) {
  const auto p = DatastorePath::parse("/vmfs/volumes/5f1c-aa/web01/web01-1.png");
  ASSERT_TRUE(p);
  EXPECT_EQ(p->datastore, "5f1c-aa");
  EXPECT_EQ(p->path, "web01/web01-1.png");
  EXPECT_TRUE(p->host_form);
}

TEST(DatastorePath, RefusesOtherText) {
  for (const char* text :
       {"", "web01.png", "[] a.png", "[ds]", "[ds] ", "[ds a.png", "/vmfs/volumes/",
        "/vmfs/volumes/ds", "/vmfs/volumes/ds/", "/tmp/a.png"}) {
    EXPECT_FALSE(DatastorePath::parse(text)) << text;
  }
}

TEST(FolderTarget, EncodesEachPartAsAnsibleAndGovmomiDo) {
  const DatastorePath file{"ds 1", "my vm/my vm-1.png", false};
  EXPECT_EQ(folder_target(file, "F0/DC&1"),
            "/folder/my%20vm/my%20vm-1.png?dcPath=F0/DC%261&dsName=ds%201");
}

}  // namespace
}  // namespace mks::vsphere
