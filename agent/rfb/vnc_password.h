#pragma once

#include <string>

namespace mks::rfb {

// The environment variable that may hold the VNC password.
constexpr const char* kVncPasswordVariable = "MKS_VNC_PASSWORD";

// The VNC password: the first line of `file` when one is given (AuthError when it cannot be
// read), else the MKS_VNC_PASSWORD environment variable, else empty. Never from the command
// line, where other users could read it.
std::string vnc_password(const std::string& file);

}  // namespace mks::rfb
