#include "agent/doctor/doctor_report.h"

namespace mks::doctor {

std::string_view to_string(HopStatus status) {
  switch (status) {
    case HopStatus::kOk:
      return "ok";
    case HopStatus::kFail:
      return "FAIL";
    case HopStatus::kSkip:
      return "skip";
    case HopStatus::kInfo:
      return "info";
  }
  return "?";
}

std::string DoctorReport::auto_pick() const {
  if (webmks.ok()) return "webmks";
  if (api.ok()) return "api";
  return "none";
}

const Hop* DoctorReport::find(std::string_view name) const {
  for (const auto& hop : hops) {
    if (hop.name == name) return &hop;
  }
  return nullptr;
}

}  // namespace mks::doctor
