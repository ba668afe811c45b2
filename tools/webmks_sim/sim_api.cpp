#include "tools/webmks_sim/sim_api.h"

#include <utility>

#include "codecs/png.h"
#include "tools/webmks_sim/usb_keys_api.h"

namespace mks::sim {
namespace {

HttpReply screen_png(const Machine& machine) {
  const auto png = codecs::encode_png(machine.framebuffer());
  return HttpReply{200, "image/png", std::string(png.begin(), png.end())};
}

HttpReply text(const Console& console) {
  const nlohmann::json body = {
      {"cols", console.cols()},
      {"rows", console.rows()},
      {"cursor", {{"col", console.cursor().col}, {"row", console.cursor().row}}},
      {"lines", console.lines()},
  };
  return HttpReply{200, "application/json", body.dump()};
}

std::string path_of(const std::string& target) {
  return target.substr(0, target.find_first_of("?#"));
}

}  // namespace

std::optional<HttpReply> answer_api(const Machine& machine, const Console* console,
                                    const std::string& method, const std::string& target) {
  if (method != "GET") return std::nullopt;
  const std::string path = path_of(target);
  if (path == "/api/screen.png") return screen_png(machine);
  if (path == "/api/text" && console) return text(*console);
  return std::nullopt;
}

std::optional<HttpReply> answer_api(Machine& machine, const Console* console,
                                    const HttpCall& call) {
  if (call.method == "POST" && path_of(call.target) == "/api/usb-keys") {
    return answer_usb_keys(machine, call.body);
  }
  return answer_api(std::as_const(machine), console, call.method, call.target);
}

}  // namespace mks::sim
