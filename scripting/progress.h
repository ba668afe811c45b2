#pragma once

#include <chrono>
#include <functional>
#include <nlohmann/json.hpp>
#include <ostream>
#include <string>
#include <string_view>

#include "agent/audit/secrets.h"

namespace mks::scripting {

// One step of a runbook as it happens. `type` says what kind of step it was, for the audit
// trail: connect, key, type, wait, screenshot, mouse, log, sleep, failure, step (anything
// else). `fields` adds facts a reader of the event log wants beside the text: "outcome" and
// "duration_ms" of a wait, "file" of a screenshot (relative to the output folder).
struct Step {
  std::string_view where;  // "demo.lua:12"; empty for the agent's own steps
  std::string_view what;   // secrets already masked
  std::string_view type;
  const nlohmann::json& fields;
};

// The runbook's steps as they happen, one line each ("[  3.2s] demo.lua:12 type "root""),
// with secrets masked. Lines go to a stream (stderr for mksagent run) and to an optional
// listener (the event log and the video's captions).
class Progress {
 public:
  using Listener = std::function<void(const Step&)>;

  Progress(std::ostream* out, const audit::Secrets& secrets);

  void step(std::string_view where, std::string_view what, std::string_view type = "step",
            const nlohmann::json& fields = nlohmann::json::object());
  void set_listener(Listener listener) { listener_ = std::move(listener); }
  double seconds() const;

 private:
  std::ostream* out_;
  const audit::Secrets& secrets_;
  Listener listener_;
  std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
};

}  // namespace mks::scripting
