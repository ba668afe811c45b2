-- demo.lua: a recovery runbook. The machine's root file system needs a check, so a plain
-- boot ends in the emergency shell. Stop in the boot menu, add fsck.repair=yes to the
-- kernel command line, boot, log in, check the system, keep screenshots as evidence.
--   mksagent run scenarios/demo.lua            (the built-in simulated PC)
--   mksagent run scenarios/demo.lua --target wss://esx.example/ticket/...
local password = env("MKS_DEMO_PASSWORD", var("password", "mks"))

wait_text("Press F2 to enter Setup", 60)
screenshot("01-firmware.png")

-- The boot menu counts down: any key stops it.
wait_text("GNU GRUB", 30)
key("down")
key("up")
-- A needle: the menu with its first entry highlighted (title and entries, 720x112).
wait_screen("grub-menu.png", {area = {x = 0, y = 0, w = 720, h = 112}, margin = 4})
screenshot("02-boot-menu.png")

-- Edit the first entry: the kernel line is the fifth line of its script.
key("e")
wait_text("Ctrl-x", 5)
keys("<down><down><down><down><end> fsck.repair=yes")
wait_text("fsck.repair=yes", 5)
screenshot("03-edited-entry.png")
key("ctrl+x")

wait_text("login:", 60)
type("root\n")
wait_text("Password:", 10)
type_secret(password .. "\n")
wait_text("root@sim:~#", 10)

type("cat /proc/cmdline\n")
wait_text("fsck.repair=yes", 5)
type("systemctl status\n")
wait_text("State: running", 5)
screenshot("04-recovered.png")
log("recovered: the root file system was repaired and the system is running")
