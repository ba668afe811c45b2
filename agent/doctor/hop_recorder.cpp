#include "agent/doctor/hop_recorder.h"

#include "agent/transport/url.h"

namespace mks::doctor {

void HopRecorder::add(std::string name, HopStatus status, std::string detail, std::string advice) {
  const auto elapsed = std::chrono::steady_clock::now() - started_;
  report_.hops.push_back(Hop{
      std::move(name), status, transport::redact_tickets(detail), std::move(advice),
      static_cast<long>(std::chrono::duration_cast<std::chrono::milliseconds>(elapsed).count())});
  started_ = std::chrono::steady_clock::now();
}

void HopRecorder::ok(std::string name, std::string detail) {
  add(std::move(name), HopStatus::kOk, std::move(detail), "");
}

void HopRecorder::info(std::string name, std::string detail) {
  add(std::move(name), HopStatus::kInfo, std::move(detail), "");
}

void HopRecorder::fail(std::string name, std::string detail, std::string advice) {
  add(std::move(name), HopStatus::kFail, std::move(detail), std::move(advice));
}

void HopRecorder::skip(std::string name, std::string why) {
  add(std::move(name), HopStatus::kSkip, std::move(why), "");
}

std::string HopRecorder::failure_since_mark() const {
  for (std::size_t i = report_.hops.size(); i > mark_; --i) {
    const Hop& hop = report_.hops[i - 1];
    if (hop.status == HopStatus::kFail) return hop.name + ": " + hop.detail;
  }
  return "";
}

std::string current_error() {
  try {
    throw;
  } catch (const std::exception& e) {
    return transport::redact_tickets(e.what());
  } catch (...) {
    return "an unknown error";
  }
}

}  // namespace mks::doctor
