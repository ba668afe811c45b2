#pragma once

#include <filesystem>
#include <string>

#include "codecs/image.h"

namespace mks::test {

// Why the QEMU guest cannot run here ("" when it can): missing programs or kernel.
std::string qemu_guest_missing();

// The test guest of tests/peers/ (GRUB menu -> Debian kernel -> busybox shell on the VGA
// console) running in QEMU with RFB and RFB-over-WebSocket on loopback. The ISO is built once
// per build folder; the guest is stopped when the object goes away. Starting one costs a
// QEMU boot, so a test program shares one guest between its tests.
class QemuGuest {
 public:
  QemuGuest();  // throws std::runtime_error with the scripts' stderr
  ~QemuGuest();
  QemuGuest(const QemuGuest&) = delete;
  QemuGuest& operator=(const QemuGuest&) = delete;

  std::string vnc_url() const;  // vnc://127.0.0.1:PORT
  std::string ws_url() const;   // ws://127.0.0.1:PORT/
  int vnc_port() const { return vnc_port_; }

  // QEMU's own picture of the screen (QMP screendump), exact pixels.
  codecs::Image screendump();
  // Presses the reset button: the guest boots again into the GRUB menu.
  void reset();
  // The guest's serial console output so far (for failure messages).
  std::string serial_log() const;

 private:
  void qmp(const std::string& command_json);

  std::filesystem::path state_;
  int vnc_port_ = 0;
  int ws_port_ = 0;
};

}  // namespace mks::test
