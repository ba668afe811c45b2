#include "tools/webmks_sim/sim_machine.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <memory>
#include <string>

#include "codecs/psf_font.h"
#include "tools/webmks_sim/pc_machine.h"

namespace mks::sim {
namespace {

using namespace std::chrono_literals;

constexpr const char* kFont = "/usr/share/consolefonts/Lat15-VGA16.psf.gz";

std::unique_ptr<SimMachine> make_pc(std::string_view layout = "us", PcOptions options = {}) {
  return std::make_unique<SimMachine>(codecs::PsfFont::load(kFont),
                                      input::KeyboardLayout::by_name(layout),
                                      std::make_unique<PcMachine>(std::move(options)));
}

std::string screen(const SimMachine& machine) {
  std::string all;
  for (const auto& row : machine.console().lines()) all += row + "\n";
  return all;
}

void run_for(SimMachine& machine, std::chrono::milliseconds duration) {
  const auto until = machine.now() + duration;
  while (machine.now() < until) machine.advance(machine.now() + 20ms);
}

// Keyboard drivers for the same scenario: as VMware scancodes and as X11 keysyms.
struct ScancodeKeys {
  SimMachine& m;
  void tap(std::uint16_t code) {
    m.scancode(code, true);
    m.scancode(code, false);
  }
  void text(std::string_view ascii) {
    const auto& layout = input::KeyboardLayout::by_name("us");
    for (char c : ascii) {
      const auto stroke = layout.stroke_for(static_cast<char32_t>(c));
      if (stroke->shift) m.scancode(0x2A, true);
      tap(stroke->scancode);
      if (stroke->shift) m.scancode(0x2A, false);
    }
  }
  void down() { tap(0x150); }
  void end() { tap(0x14F); }
  void enter() { tap(0x1C); }
  void ctrl_x() {
    m.scancode(0x1D, true);
    tap(0x2D);
    m.scancode(0x1D, false);
  }
};

struct KeysymKeys {
  SimMachine& m;
  void tap(std::uint32_t keysym) {
    m.keysym(keysym, true);
    m.keysym(keysym, false);
  }
  void text(std::string_view ascii) {
    for (char c : ascii) tap(static_cast<unsigned char>(c));
  }
  void down() { tap(0xFF54); }
  void end() { tap(0xFF57); }
  void enter() { tap(0xFF0D); }
  void ctrl_x() {
    m.keysym(0xFFE3, true);
    tap(U'x');
    m.keysym(0xFFE3, false);
  }
};

// Splash, stop the countdown, edit in fsck.repair=yes, boot, log in, run a command.
template <typename Keys>
void repair_and_login(SimMachine& machine) {
  Keys keys{machine};
  run_for(machine, 1600ms);
  keys.text("e");
  for (int i = 0; i < 4; ++i) keys.down();  // to the kernel line
  keys.end();
  keys.text(" fsck.repair=yes");
  keys.ctrl_x();
  run_for(machine, 2500ms);
  keys.text("root");
  keys.enter();
  keys.text("mks");
  keys.enter();
  keys.text("cat /proc/cmdline");
  keys.enter();
}

TEST(SimMachinePc, ScancodesAndKeysyms_GiveTheSameScreen) {
  auto by_scancode = make_pc();
  auto by_keysym = make_pc();
  repair_and_login<ScancodeKeys>(*by_scancode);
  repair_and_login<KeysymKeys>(*by_keysym);
  const std::string text = screen(*by_scancode);
  EXPECT_NE(text.find("root=/dev/sda1 ro quiet fsck.repair=yes\nroot@sim:~#"), std::string::npos)
      << text;
  EXPECT_EQ(screen(*by_keysym), text);
  EXPECT_TRUE(by_keysym->framebuffer() == by_scancode->framebuffer());
}

TEST(SimMachinePc, SameInputsAtSameTimes_GiveSameFramebufferBytes) {
  auto first = make_pc();
  auto second = make_pc();
  repair_and_login<ScancodeKeys>(*first);
  repair_and_login<ScancodeKeys>(*second);
  const auto a = first->framebuffer().pixels();
  const auto b = second->framebuffer().pixels();
  EXPECT_TRUE(std::equal(a.begin(), a.end(), b.begin(), b.end()));
  // And the bytes do depend on the input: one more key changes them.
  ScancodeKeys{*second}.text("x");
  const auto c = second->framebuffer().pixels();
  EXPECT_FALSE(std::equal(a.begin(), a.end(), c.begin(), c.end()));
}

TEST(SimMachinePc, HighlightedEntry_IsDrawnInInverseVideo) {
  auto machine = make_pc();
  run_for(*machine, 1600ms);
  const auto& fb = machine->framebuffer();
  // Row 3 holds the highlighted entry: its blank right end is grey, the row below black.
  const int x = 70 * 9 + 4;
  EXPECT_EQ(fb.at(x, 3 * 16 + 8), TextRenderer::kForeground);
  EXPECT_EQ(fb.at(x, 4 * 16 + 8), TextRenderer::kBackground);
}

TEST(SimMachinePc, Clock_DrivesTheBootAndNeverGoesBack) {
  auto machine = make_pc();
  machine->advance(1600ms);
  EXPECT_NE(screen(*machine).find("GNU GRUB"), std::string::npos);
  machine->advance(100ms);  // earlier: ignored
  EXPECT_EQ(machine->now(), 1600ms);
}

TEST(SimMachineEcho, DefaultMachine_IsStillTheEchoPrompt) {
  SimMachine machine(codecs::PsfFont::load(kFont), input::KeyboardLayout::by_name("us"));
  machine.advance(10s);
  EXPECT_EQ(machine.console().line(4), "sim$");
  machine.keysym(0xFF54, true);  // Down means nothing to the echo prompt
  machine.keysym(U'a', true);
  EXPECT_EQ(machine.console().line(4), "sim$ a");
}

TEST(SimMachinePc, JpLayout_TypesJisCharactersIntoTheShell) {
  try {
    input::KeyboardLayout::by_name("jp");
  } catch (const std::invalid_argument&) {
    GTEST_SKIP() << "the jp layout is not in agent/input yet";
  }
  auto machine = make_pc("jp", PcOptions{false, "mks"});
  run_for(*machine, 1600ms + 5100ms + 2500ms);
  KeysymKeys{*machine}.text("root");
  KeysymKeys{*machine}.enter();
  KeysymKeys{*machine}.text("mks");
  KeysymKeys{*machine}.enter();
  ASSERT_NE(screen(*machine).find("root@sim:~#"), std::string::npos);
  ScancodeKeys keys{*machine};
  keys.tap(0x12);                                                      // e
  keys.tap(0x2E);                                                      // c
  keys.tap(0x23);                                                      // h
  keys.tap(0x18);                                                      // o
  keys.tap(0x39);                                                      // space
  keys.tap(0x73);                                                      // Ro: backslash
  keys.tap(0x7D);                                                      // Yen
  for (std::uint16_t ignored : {0x70, 0x79, 0x7B}) keys.tap(ignored);  // kana, henkan, muhenkan
  machine->scancode(0x2A, true);
  keys.tap(0x73);  // _
  keys.tap(0x7D);  // |
  keys.tap(0x03);  // " on JIS (Shift+2)
  machine->scancode(0x2A, false);
  keys.enter();
  EXPECT_NE(screen(*machine).find("\n\\¥_|\"\n"), std::string::npos) << screen(*machine);
}

}  // namespace
}  // namespace mks::sim
