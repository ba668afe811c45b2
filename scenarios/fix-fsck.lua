-- fix-fsck.lua: repairs a Linux guest stopped by a file system that needs a manual check,
-- as an operator would at its console. Two places it can stop (docs/states.md):
--   emergency-mode  systemd's emergency shell: log in as root, fsck the root file system,
--                   reboot;
--   fsck-manual     the initramfs shell "(initramfs)": fsck, then leave the shell to go on
--                   booting.
-- Ends when the guest shows its login prompt. Used by the sweep:
--   mksagent sweep ... --fix emergency-mode=scenarios/fix-fsck.lua \
--                      --fix fsck-manual=scenarios/fix-fsck.lua
-- var("device") is the root file system's device (default /dev/sda1); the root password
-- comes from MKS_ROOT_PASSWORD (never typed in the clear in the event log).
local device = var("device", "/dev/sda1")
local password = env("MKS_ROOT_PASSWORD", var("password", "mks"))

screenshot("before.png")
if has_text("(initramfs)") then
  type("fsck -y " .. device .. "\n")
  wait_text("FILE SYSTEM WAS MODIFIED", 30)
  screenshot("repaired.png")
  type("exit\n")
elseif has_text("for maintenance") then
  type_secret(password .. "\n")
  wait_text(":~#", 15)
  type("fsck -y " .. device .. "\n")
  wait_text("FILE SYSTEM WAS MODIFIED", 30)
  screenshot("repaired.png")
  type("reboot\n")
else
  fail("neither an initramfs shell nor an emergency-mode prompt on the screen")
end
wait_text("login:", 120)
screenshot("after.png")
log("repaired " .. device .. "; the guest is at its login prompt")
