// Cursor shapes: RFB Cursor (-239), Cursor With Alpha (-314) and VMWDefineCursor, picked by
// the first byte; sizes are 16-bit as on the wire, so over-size cursors are tried too. A
// decoded cursor is drawn onto a framebuffer, as the screenshot code does.
#include "codecs/decode_error.h"
#include "codecs/rfb_cursor.h"
#include "codecs/vmw_cursor.h"
#include "tests/fuzz/fuzz_input.h"
#include "tests/fuzz/fuzz_target.h"

namespace {

mks::codecs::CursorShape decode_cursor(std::uint8_t kind, mks::fuzz::FuzzInput& in,
                                       const mks::codecs::Rect& r) {
  using namespace mks::codecs;
  switch (kind % 3) {
    case 0:
      return decode_rich_cursor(in.take(rich_cursor_payload_size(r)), r);
    case 1:
      return decode_alpha_cursor(in.take(alpha_cursor_payload_size(r)), r);
    default: {
      const auto type = in.byte();
      const auto rest = in.take(vmw_define_cursor_payload_size(type, r) - 1);
      std::vector<std::uint8_t> payload{type};
      payload.insert(payload.end(), rest.begin(), rest.end());
      return decode_vmw_define_cursor(payload, r);
    }
  }
}

}  // namespace

MKS_FUZZ_TARGET(cursors) {
  mks::fuzz::FuzzInput in(data, size);
  const std::uint8_t kind = in.byte();
  mks::codecs::Rect r;
  r.x = in.u16();
  r.y = in.u16();
  r.w = in.u16();
  r.h = in.u16();
  try {
    const mks::codecs::CursorShape cursor = decode_cursor(kind, in, r);
    mks::codecs::Image fb(64, 48);
    mks::codecs::draw_cursor(fb, cursor, static_cast<std::int8_t>(in.byte()),
                             static_cast<std::int8_t>(in.byte()));
  } catch (const mks::codecs::DecodeError& e) {
    mks::fuzz::expected_error(e);
  }
  return 0;
}
