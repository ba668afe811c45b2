#pragma once

#include <chrono>
#include <functional>
#include <ostream>
#include <string>
#include <string_view>

#include "scripting/secrets.h"

namespace mks::scripting {

// The runbook's steps as they happen, one line each ("[  3.2s] demo.lua:12 type "root""),
// with secrets masked. Lines go to a stream (stderr for mksagent run) and to an optional
// listener (the recorder's event log).
class Progress {
 public:
  using Listener = std::function<void(std::string_view where, std::string_view what)>;

  Progress(std::ostream* out, const Secrets& secrets);

  void step(std::string_view where, std::string_view what);
  void set_listener(Listener listener) { listener_ = std::move(listener); }
  double seconds() const;

 private:
  std::ostream* out_;
  const Secrets& secrets_;
  Listener listener_;
  std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
};

}  // namespace mks::scripting
