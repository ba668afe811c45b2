#include "agent/audit/event_log.h"

#include "agent/audit/digest.h"

namespace mks::audit {

EventLog::EventLog(const std::filesystem::path& file, std::vector<std::string> secrets)
    : path_(file) {
  for (auto& secret : secrets) add_secret(std::move(secret));
  if (file.has_parent_path()) std::filesystem::create_directories(file.parent_path());
  out_.open(file, std::ios::out | std::ios::trunc | std::ios::binary);
  if (!out_) throw AuditError("cannot create event log " + file.string());
}

nlohmann::json EventLog::redact_json(const nlohmann::json& value) const {
  if (value.is_string()) return redact(value.get_ref<const std::string&>());
  if (value.is_array()) {
    auto out = nlohmann::json::array();
    for (const auto& item : value) out.push_back(redact_json(item));
    return out;
  }
  if (value.is_object()) {
    auto out = nlohmann::json::object();
    for (const auto& [key, item] : value.items()) out[redact(key)] = redact_json(item);
    return out;
  }
  return value;
}

void EventLog::append(const Event& event) {
  // ordered_json: utc, video_ms and type lead every line, whatever the fields are called.
  nlohmann::ordered_json line;
  line["utc"] = utc_now();
  if (video_start_) {
    line["video_ms"] = std::chrono::duration_cast<std::chrono::milliseconds>(
                           std::chrono::steady_clock::now() - *video_start_)
                           .count();
  } else {
    line["video_ms"] = nullptr;
  }
  line["type"] = redact(event.type);
  const nlohmann::json fields = redact_json(event.fields);
  if (fields.is_object()) {
    for (const auto& [key, value] : fields.items()) {
      if (!line.contains(key)) line[key] = value;
    }
  } else if (!fields.is_null()) {
    line["value"] = fields;
  }
  // Invalid UTF-8 from screen text must not end the run: replace it.
  std::string text = line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  text += '\n';
  out_.write(text.data(), static_cast<std::streamsize>(text.size()));
  out_.flush();
  if (!out_) throw AuditError("cannot write event log " + path_.string());
}

std::vector<nlohmann::json> read_event_log(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw AuditError("cannot read event log " + file.string());
  std::vector<nlohmann::json> events;
  std::string line;
  for (int number = 1; std::getline(in, line); ++number) {
    const bool torn = in.eof();  // no newline after it: the writer was cut off
    if (line.empty()) continue;
    auto event = nlohmann::json::parse(line, nullptr, false);
    if (event.is_object()) {
      events.push_back(std::move(event));
    } else if (!torn) {
      throw AuditError(file.filename().string() + ":" + std::to_string(number) +
                       ": not a JSON object");
    }
  }
  return events;
}

}  // namespace mks::audit
