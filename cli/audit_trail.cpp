#include "cli/audit_trail.h"

#include "agent/audit/digest.h"
#include "agent/audit/html_report.h"
#include "agent/audit/manifest.h"
#include "agent/audit/signing.h"

namespace mks::cli {

AuditTrail::AuditTrail(Info info)
    : info_(std::move(info)),
      started_utc_(audit::utc_now()),
      events_(info_.out_dir / "events.jsonl") {}

void AuditTrail::attach_recorder(codecs::video::Recorder& recorder) {
  recorder_ = &recorder;
  events_.set_video_start(recorder.start());
}

void AuditTrail::detach_recorder() {
  recorder_ = nullptr;
}

void AuditTrail::step(const scripting::Step& step) {
  nlohmann::json fields = step.fields;
  if (!step.where.empty()) fields["where"] = step.where;
  fields["what"] = step.what;
  events_.append({std::string(step.type), std::move(fields)});
  const std::string where = step.where.empty() ? "" : std::string(step.where) + " ";
  caption(where + std::string(step.what));
}

void AuditTrail::event(const std::string& type, const std::string& what, nlohmann::json fields) {
  fields["what"] = what;
  events_.append({type, std::move(fields)});
  caption(what);
}

// The video shows the last three steps of the last five seconds, newest at the bottom.
void AuditTrail::caption(std::string line) {
  if (!recorder_) return;
  constexpr std::size_t kLines = 3;
  constexpr auto kRecent = std::chrono::seconds(5);
  const auto now = codecs::video::Recorder::Clock::now();
  recent_.push_back({events_.redact(line), now});
  while (recent_.size() > kLines || now - recent_.front().when > kRecent) recent_.pop_front();
  std::string text;
  for (const Line& recent : recent_) text += (text.empty() ? "" : "\n") + recent.text;
  recorder_->caption(std::move(text), now);
}

void AuditTrail::finish(int exit_status, const std::string& outcome,
                        const std::optional<std::filesystem::path>& video,
                        const std::optional<std::filesystem::path>& sign_key) {
  const std::string ended_utc = audit::utc_now();
  audit::ReportInfo report;
  report.title = info_.title;
  report.target = info_.target;
  report.started_utc = started_utc_;
  report.ended_utc = ended_utc;
  report.outcome = outcome;
  if (video) report.video = video->generic_string();
  audit::write_html_report(info_.out_dir, audit::read_event_log(events_.path()), report);

  audit::RunInfo run;
  run.agent_version = MKS_VERSION;
  run.runbook_sha256 = audit::sha256_file(info_.runbook);
  run.target = info_.target;
  run.started_utc = started_utc_;
  run.ended_utc = ended_utc;
  run.exit_status = exit_status;
  audit::write_manifest(info_.out_dir, audit::build_manifest(info_.out_dir, run));
  if (sign_key) audit::sign_manifest(info_.out_dir, *sign_key);
}

}  // namespace mks::cli
