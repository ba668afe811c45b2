#pragma once

#include <map>
#include <optional>
#include <string>

namespace mks::cli {

// mksagent run RUNBOOK [--target URL] ...: plays a Lua runbook against a console, or against
// the built-in simulated PC when no target is given. The output folder gets the screenshots,
// events.jsonl, the video when recording, report.html and manifest.json.
struct RunJob {
  std::string runbook;
  std::string target;  // empty: the in-process simulator
  std::string via;     // webmks | api | mks | auto for a vcenter:// target; empty: the URL's ?via=
  int key_interval_ms = 100;   // the API path's least time between keystrokes
  int poll_interval_ms = 250;  // the API path's screen polling while it changes
  std::string layout = "us";
  std::string out_dir = "mksagent-out";
  std::string record;  // video file inside out_dir ("session.mp4"); empty: no video
  std::string codec;   // h264 | vp9 | av1; empty: the container's default
  int max_fps = 30;
  std::string sign_key;  // Ed25519 private key (PEM) to sign manifest.json; empty: unsigned
  std::map<std::string, std::string> vars;
  bool insecure = false;
  std::string thumbprint;
  std::string encoding;       // announce only this one (rfb::encoding_for_name); empty: all
  std::string password_file;  // VNC password; empty: $MKS_VNC_PASSWORD
  double connect_timeout_s = 30;
  double wait_timeout_s = 30;
  int pace_ms = 10;
  bool quiet = false;
  std::string junit;  // JUnit XML file to write at the end (docs/junit.md); empty: none
  bool json = false;  // one JSON object on stdout at the end (json_summary.h)
  std::string sim_fault = "fsck";  // for the built-in simulator
};

// Bad input found before anything starts (no runbook file, a video name or codec this
// FFmpeg cannot write, a missing key or password file): the one line to print, exit 2.
std::optional<std::string> check_run_job(const RunJob& job);

// Bad input found by the caller (a --var without '='): prints the line, still writes the
// --junit file and --json summary (as an error), returns 2.
int refuse_run(const RunJob& job, const std::string& problem);

// Exit status: 0 done, 1 the runbook failed (one line on stderr), 2 bad input, 130 stopped by
// SIGINT or SIGTERM (the consoles are closed with their held keys released first).
int run_runbook(const RunJob& job);

}  // namespace mks::cli
