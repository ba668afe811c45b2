#include "scripting/progress.h"

#include <cstdio>

namespace mks::scripting {

Progress::Progress(std::ostream* out, const audit::Secrets& secrets)
    : out_(out), secrets_(secrets) {}

double Progress::seconds() const {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
}

void Progress::step(std::string_view where, std::string_view what, std::string_view type,
                    const nlohmann::json& fields) {
  const std::string safe = secrets_.redact(what);
  if (where.ends_with(':')) where.remove_suffix(1);  // "demo.lua:12", as in an editor
  if (listener_) listener_(Step{where, safe, type, fields});
  if (out_ == nullptr) return;
  char stamp[32];
  std::snprintf(stamp, sizeof stamp, "[%6.1fs] ", seconds());
  *out_ << stamp << where << (where.empty() ? "" : " ") << safe << '\n' << std::flush;
}

}  // namespace mks::scripting
