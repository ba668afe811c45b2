#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace mks::doctor {

// ok: the hop works; FAIL: it does not (with advice); skip: not tried because a hop it
// needs failed; info: worth knowing, decides nothing (TCP 902).
enum class HopStatus { kOk, kFail, kSkip, kInfo };
std::string_view to_string(HopStatus status);  // "ok", "FAIL", "skip", "info"

struct Hop {
  std::string name;  // "vCenter TLS", "ESXi address", ...
  HopStatus status = HopStatus::kOk;
  std::string detail;  // what was seen; never a password or a whole ticket
  std::string advice;  // one line, for a FAIL
  long ms = 0;
};

// Whether a way to the console works, and if not, the hop that stopped it.
struct PathResult {
  std::string state = "failed";  // "ok", "failed", "not implemented", "not applicable"
  std::string why;               // for a failed path: "ESXi address: ..."
  bool ok() const { return state == "ok"; }
};

// What `mksagent doctor` found, hop by hop, and which console paths work.
struct DoctorReport {
  std::string target;  // redacted
  std::vector<Hop> hops;
  PathResult webmks;
  PathResult api{"not applicable", ""};
  PathResult port_902{"not applicable", "only a vcenter:// target has an mks path"};
  long total_ms = 0;

  // What --via auto takes: WebMKS when it works, else the API path; "none" when neither.
  std::string auto_pick() const;
  bool any_path_ok() const { return webmks.ok() || api.ok() || port_902.ok(); }
  // The hop named `name`; null when there is none.
  const Hop* find(std::string_view name) const;
};

}  // namespace mks::doctor
