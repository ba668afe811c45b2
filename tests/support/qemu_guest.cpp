#include "tests/support/qemu_guest.h"

#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cstring>
#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "tests/support/peer_scripts.h"

namespace mks::test {
namespace {

namespace fs = std::filesystem;

// Whether there is a Debian kernel for build-guest-image.sh to put into the ISO.
bool have_kernel() {
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator("/boot", ec)) {
    if (entry.path().filename().string().starts_with("vmlinuz-")) return true;
  }
  return false;
}

// One QMP connection (QEMU Machine Protocol: JSON lines over the unix socket).
class QmpConnection {
 public:
  explicit QmpConnection(const fs::path& socket_path) : fd_(socket(AF_UNIX, SOCK_STREAM, 0)) {
    sockaddr_un addr{};
    addr.sun_family = AF_UNIX;
    std::strncpy(addr.sun_path, socket_path.c_str(), sizeof addr.sun_path - 1);
    if (fd_ < 0 || connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
      throw std::runtime_error("cannot connect to QMP at " + socket_path.string());
    }
    next_reply();  // the greeting
    execute(R"({"execute":"qmp_capabilities"})");
  }
  ~QmpConnection() { close(fd_); }
  QmpConnection(const QmpConnection&) = delete;
  QmpConnection& operator=(const QmpConnection&) = delete;

  // Sends a command and waits for its "return"; asynchronous events in between are skipped.
  void execute(const std::string& command_json) {
    const std::string line = command_json + "\n";
    if (send(fd_, line.data(), line.size(), MSG_NOSIGNAL) != static_cast<ssize_t>(line.size())) {
      throw std::runtime_error("QMP: send failed");
    }
    for (;;) {
      const auto reply = next_reply();
      if (reply.contains("return")) return;
      if (reply.contains("error")) throw std::runtime_error("QMP: " + reply.dump());
    }
  }

 private:
  nlohmann::json next_reply() {
    for (;;) {
      const auto nl = buffer_.find('\n');
      if (nl != std::string::npos) {
        auto reply = nlohmann::json::parse(buffer_.substr(0, nl));
        buffer_.erase(0, nl + 1);
        return reply;
      }
      pollfd p{fd_, POLLIN, 0};
      char chunk[4096];
      const ssize_t n = poll(&p, 1, 10000) == 1 ? read(fd_, chunk, sizeof chunk) : -1;
      if (n <= 0) throw std::runtime_error("QMP: no reply within 10 s");
      buffer_.append(chunk, static_cast<std::size_t>(n));
    }
  }

  int fd_;
  std::string buffer_;
};

// A binary PPM (P6, maxval 255) as QEMU's screendump writes it.
codecs::Image read_ppm(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::string magic;
  int width = 0, height = 0, maxval = 0;
  in >> magic >> width >> height >> maxval;
  in.get();  // the single whitespace before the pixels
  if (!in || magic != "P6" || maxval != 255) {
    throw std::runtime_error("not a P6 PPM: " + path.string());
  }
  codecs::Image image(width, height);
  std::vector<char> rgb(static_cast<std::size_t>(width) * 3);
  for (int y = 0; y < height; ++y) {
    if (!in.read(rgb.data(), static_cast<std::streamsize>(rgb.size()))) {
      throw std::runtime_error("short PPM: " + path.string());
    }
    for (int x = 0; x < width; ++x) {
      const auto* p = reinterpret_cast<const std::uint8_t*>(rgb.data()) + 3 * x;
      image.set(x, y, codecs::rgb(p[0], p[1], p[2]));
    }
  }
  return image;
}

}  // namespace

std::string qemu_guest_missing() {
  std::string missing =
      missing_programs({"qemu-system-x86_64", "grub-mkrescue", "xorriso", "mformat", "cpio"});
  if (!fs::exists("/bin/busybox")) missing += missing.empty() ? "busybox" : ", busybox";
  if (!have_kernel()) missing += missing.empty() ? "/boot/vmlinuz-*" : ", /boot/vmlinuz-*";
  return missing.empty() ? "" : "missing " + missing + " (run scripts/install-deps.sh)";
}

QemuGuest::QemuGuest() : state_(peer_state_dir("qemu-" + std::to_string(getpid()))) {
  const fs::path image_dir = peer_state_dir("guest-image");
  run_peer_script("build-guest-image.sh", {image_dir.string()});
  // MAX_RUNTIME: a crashed test program must not leave a guest running for long.
  auto vars = start_peer("start-qemu-console.sh", state_,
                         {"IMAGE=" + (image_dir / "guest.iso").string(), "MAX_RUNTIME=900"});
  vnc_port_ = std::stoi(vars.at("VNC_PORT"));
  ws_port_ = std::stoi(vars.at("WS_PORT"));
}

QemuGuest::~QemuGuest() {
  try {
    run_peer_script("start-qemu-console.sh", {"stop", state_.string()});
    fs::remove_all(state_);
  } catch (const std::exception&) {
    // MAX_RUNTIME ends it anyway
  }
}

std::string QemuGuest::vnc_url() const {
  return "vnc://127.0.0.1:" + std::to_string(vnc_port_);
}

std::string QemuGuest::ws_url() const {
  return "ws://127.0.0.1:" + std::to_string(ws_port_) + "/";
}

void QemuGuest::qmp(const std::string& command_json) {
  QmpConnection(state_ / "qmp.sock").execute(command_json);
}

codecs::Image QemuGuest::screendump() {
  const fs::path file = state_ / "screendump.ppm";
  fs::remove(file);
  qmp(nlohmann::json{{"execute", "screendump"}, {"arguments", {{"filename", file.string()}}}}
          .dump());
  return read_ppm(file);
}

void QemuGuest::reset() {
  qmp(R"({"execute":"system_reset"})");
}

std::string QemuGuest::serial_log() const {
  std::ifstream in(state_ / "serial.log", std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

}  // namespace mks::test
