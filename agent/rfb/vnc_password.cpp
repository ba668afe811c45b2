#include "agent/rfb/vnc_password.h"

#include <cstdlib>
#include <fstream>

#include "agent/errors.h"

namespace mks::rfb {

std::string vnc_password(const std::string& file) {
  if (file.empty()) {
    const char* value = std::getenv(kVncPasswordVariable);
    return value ? value : "";
  }
  std::ifstream in(file);
  std::string line;
  if (!in || !std::getline(in, line)) {
    throw AuthError("cannot read the VNC password from " + file);
  }
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return line;
}

}  // namespace mks::rfb
