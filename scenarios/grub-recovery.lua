-- grub-recovery.lua: recover a real guest from its boot menu. Stop in GRUB, add a kernel
-- parameter in the entry editor, boot, wait for the rescue shell, check that the kernel
-- got the parameter, keep screenshots as evidence.
--   mksagent run scenarios/grub-recovery.lua --target vnc://127.0.0.1:5950
--   mksagent run scenarios/grub-recovery.lua --target ws://127.0.0.1:5750/ --var param=mks.fix=2
-- Written for the test guest of tests/peers/ (QEMU, VGA text console): GRUB's first entry
-- boots a busybox shell whose prompt is "peer-guest# ".
local param = var("param", "mks.recovery=1")

wait_text("GNU GRUB", 60)
wait_text("Rescue shell (VGA console)", 10)
screenshot("01-boot-menu.png")

-- The entry's script: setparams, a blank line, echo, then the linux line (wrapped by GRUB).
-- GRUB redraws the whole wrapped line for every key, slowly under emulation; typed faster,
-- keys overflow the PS/2 keyboard's queue and are lost.
key("e")
wait_text("Ctrl-x", 10)
set_pace(50)
keys("<down><down><down><end> " .. param)
wait_text(param, 10)
screenshot("02-edited-entry.png")
key("ctrl+x")
set_pace(10)

wait_text("peer-guest# ", 120)
-- The banner already shows the command line, so ask for an answer only the command gives.
type("echo \"found $(grep -o " .. param .. " /proc/cmdline)\"\n")
wait_text("found " .. param, 10)
-- The VGA cursor keeps blinking: wait_still ignores cursor-sized changes.
wait_still(1, 10)
screenshot("03-recovered.png")
log("recovered: the kernel booted with " .. param)
