#pragma once

#include <chrono>
#include <exception>
#include <string>

#include "agent/doctor/doctor_report.h"

namespace mks::doctor {

// Adds hops to a report, each timed from begin() to the call that records it.
class HopRecorder {
 public:
  explicit HopRecorder(DoctorReport& report) : report_(report) {}

  void begin() { started_ = std::chrono::steady_clock::now(); }
  void ok(std::string name, std::string detail);
  void info(std::string name, std::string detail);
  void fail(std::string name, std::string detail, std::string advice);
  void skip(std::string name, std::string why);

  // "HOP: detail" of the last FAIL since the mark, "" when none (a path's why).
  void mark() { mark_ = report_.hops.size(); }
  std::string failure_since_mark() const;

 private:
  void add(std::string name, HopStatus status, std::string detail, std::string advice);

  DoctorReport& report_;
  std::chrono::steady_clock::time_point started_ = std::chrono::steady_clock::now();
  std::size_t mark_ = 0;
};

// The one-line message of the exception in flight, tickets redacted (call inside a catch).
std::string current_error();

// Whether the exception in flight is an Error (call inside a catch).
template <class Error>
bool is_a() {
  try {
    throw;
  } catch (const Error&) {
    return true;
  } catch (...) {
    return false;
  }
}

}  // namespace mks::doctor
