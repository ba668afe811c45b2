#pragma once

#include <deque>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>

#include "agent/audit/event_log.h"
#include "codecs/video/recorder.h"
#include "scripting/progress.h"

namespace mks::cli {

// What a run leaves in its output folder besides its screenshots: events.jsonl line by line
// as the run goes (and, when recording, the video with the same steps as captions), then at
// the end report.html, manifest.json and, given a key, the manifest's signature.
class AuditTrail {
 public:
  struct Info {
    std::filesystem::path out_dir;
    std::string title;   // "demo.lua"
    std::string target;  // ticket redacted
    std::filesystem::path runbook;
  };

  // Throws audit::AuditError when events.jsonl cannot be created.
  explicit AuditTrail(Info info);

  // From here on, events carry video_ms and become captions too.
  void attach_recorder(codecs::video::Recorder& recorder);
  void detach_recorder();

  void step(const scripting::Step& step);
  void event(const std::string& type, const std::string& what,
             nlohmann::json fields = nlohmann::json::object());
  void add_secret(const std::string& secret) { events_.add_secret(secret); }

  // Writes report.html and manifest.json (signed with `sign_key` when given). `video` is the
  // recording relative to the output folder, if one was made. Throws audit::AuditError.
  void finish(int exit_status, const std::string& outcome,
              const std::optional<std::filesystem::path>& video,
              const std::optional<std::filesystem::path>& sign_key);

  const std::filesystem::path& out_dir() const { return info_.out_dir; }

 private:
  void caption(std::string line);

  Info info_;
  std::string started_utc_;
  audit::EventLog events_;
  codecs::video::Recorder* recorder_ = nullptr;
  // The last few steps, shown together so quick steps stay readable in the video.
  struct Line {
    std::string text;
    codecs::video::Recorder::Clock::time_point when;
  };
  std::deque<Line> recent_;
};

}  // namespace mks::cli
