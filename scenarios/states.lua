-- Console states for `mksagent sweep` (format: docs/states.md).
-- The first rule whose tests all hold gives the state; none: "unknown". So the worst and most
-- specific rules come first: a panic before anything a scrolled log could also show, the
-- manual fsck before the initramfs shell it runs in, shells before the login prompt.
-- Texts are those of the real systems, as collected with their sources in
-- console-states.md (the section is named in each comment). Texts there marked unconfirmed
-- never make a rule alone.

---------------------------------------------------------------------------------------------
-- Linux kernel panic (§6). panic() prints "---[ end Kernel panic - not syncing: <msg> ]---"
-- last (Linux kernel/panic.c panic()); kernels before 3.x end on "Kernel panic - not
-- syncing: <msg>". Only the last line counts: a journal above a login prompt may quote it.
state "kernel-panic" {
  severity = "critical",
  last_line = [[Kernel panic - not syncing: ]],
}

-- With panic=N the kernel adds "Rebooting in N seconds.." after the end line (panic()).
state "kernel-panic" {
  severity = "critical",
  bottom = "Kernel panic - not syncing: ",
  bottom_lines = 2,
  last_line = [[^(\[ *\d+\.\d+\] )?Rebooting in \d+ seconds]],
}

---------------------------------------------------------------------------------------------
-- Manual fsck (§3, §4). initramfs-tools scripts/functions checkfs(): "The root filesystem
-- on <dev> requires a manual fsck", then panic() opens BusyBox ash with PS1='(initramfs) '.
state "fsck-manual" {
  severity = "error",
  text = "requires a manual fsck",
  last_line = [[^\(initramfs\)]],
}

-- dracut modules.d/99fs-lib/fs-lib.sh fsck_ask_err(): "*** An error occurred during the file
-- system check." and a shell with the prompt "(Repair filesystem):/# ".
state "fsck-manual" {
  severity = "error",
  last_line = [[^\(Repair filesystem\):\S*#]],
}

---------------------------------------------------------------------------------------------
-- initramfs shells (§4). initramfs-tools: panic() after "ALERT!  UUID=... does not exist.
-- Dropping to a shell!" (scripts/local local_device_setup()), "No init found. ...", break=:
-- BusyBox ash (shell/ash.c banner) with the prompt "(initramfs) ".
state "initramfs-shell" {
  severity = "error",
  last_line = [[^\(initramfs\)]],
}

-- dracut's emergency shell (modules.d/98dracut-systemd/dracut-emergency.sh): "Entering
-- emergency mode. Exit the shell to continue." then a shell "dracut:/# " (PS1 "$_name:${PWD}# ")
-- or, from dracut 050 (PR #499), sulogin. The root file system is not mounted yet, so this
-- is the initramfs shell, not systemd's emergency mode.
state "initramfs-shell" {
  severity = "error",
  text = "Entering emergency mode. Exit the shell to continue.",
  last_line = [[^\S+:/\S*#]],
}

state "initramfs-shell" {
  severity = "error",
  text = "Entering emergency mode. Exit the shell to continue.",
  bottom = {"for maintenance", "for system maintenance", "the root account is locked"},
}

-- dracut without systemd (modules.d/99base/dracut-lib.sh _emergency_shell()).
state "initramfs-shell" {
  severity = "error",
  text = "Dropping to debug shell.",
  last_line = [[^\S+:/\S*#]],
}

---------------------------------------------------------------------------------------------
-- systemd emergency (and rescue) mode (§2). The banner: emergency.service's echo up to v230
-- ("Welcome to emergency mode!"), src/sulogin-shell/sulogin-shell.c print_mode() from v231
-- ("You are in emergency mode."). Then util-linux login-utils/sulogin.c doprompt():
-- "Give root password for maintenance" (<= 2.40), "Enter root password for system
-- maintenance" (>= 2.41), "Press Enter for [system] maintenance" (no password), or, with
-- root locked (>= 2.27), "Cannot open access to console, the root account is locked.".
-- "Reached target Emergency Mode." alone is not enough: it is a status line, not the prompt.
-- Rescue mode asks the same password at the same prompt, so it is reported here too.
state "emergency-mode" {
  severity = "error",
  text = {"You are in emergency mode", "Welcome to emergency mode!",
          "You are in rescue mode", "Welcome to rescue mode!"},
  bottom = {"for maintenance", "for system maintenance", "the root account is locked"},
}

---------------------------------------------------------------------------------------------
-- GRUB 2 (§5). Rescue: kern/rescue_reader.c prompt "grub rescue> ".
state "grub-rescue" {
  severity = "error",
  last_line = [[^grub rescue>]],
}

-- GRUB's command line (normal/main.c grub_normal_reader_init(), prompt "grub> ") with no
-- menu: grub.cfg is missing or broken (or an operator pressed 'c'). Nothing boots from here.
state "grub-rescue" {
  severity = "error",
  last_line = [[^grub>]],
}

-- The menu: header "GNU GRUB  version 2.06" (upstream normal/main.c
-- grub_normal_init_page()) or "GRUB version 2.06" (Fedora >= 36, RHEL 9+), and the help of
-- normal/menu_text.c print_message(): upstream "Use the ... keys to select which entry is
-- highlighted.", RHEL 7/8 and Fedora <= 35 "Use the ... keys to change the selection.".
state "grub-menu" {
  severity = "info",
  text = "GRUB version",
  bottom = {"keys to select which", "keys to change the selection"},
  bottom_lines = 8,
}

-- The menu entry editor (menu_text.c): upstream and RHEL 7/8 help texts.
state "grub-menu" {
  severity = "info",
  text = {"Minimum Emacs-like screen editing is supported",
          "Press Ctrl-x to start, Ctrl-c for a command prompt"},
}

---------------------------------------------------------------------------------------------
-- Network boot dead ends (§7). iPXE src/usr/autoboot.c: "No more network devices".
state "pxe-no-boot" {
  severity = "error",
  bottom = "No more network devices",
}

-- Intel PXE ROM (VMware BIOS VMs; transcripts nixos-generators#433, home-assistant
-- operating-system#1335): "PXE-M0F: Exiting Intel PXE ROM." then "Operating System not
-- found". The case varies between reports.
state "pxe-no-boot" {
  severity = "error",
  ignore_case = true,
  bottom = {{"PXE-M0F", "Operating System not found"}},
}

---------------------------------------------------------------------------------------------
-- No boot device (§7). SeaBIOS src/boot.c boot_fail(): "No bootable device." (since 2012
-- followed by "  Retrying in 60 seconds.").
state "no-boot-device" {
  severity = "error",
  last_line = [[^No bootable device\.]],
}

-- Windows boot sectors on BIOS VMs (transcripts: bootsect.bak strings) and Windows 8+
-- bootmgr (Microsoft Azure KB 4010142): the disk holds no loadable system.
state "no-boot-device" {
  severity = "error",
  bottom = {"BOOTMGR is missing", "BOOTMGR is compressed", "NTLDR is missing",
            "A disk read error occurred", "An operating system wasn't found"},
  bottom_lines = 6,
}

-- VMware EFI (closed; VMware Communities transcripts): every "EFI VMware Virtual ... 
-- unsuccessful." line, then "No Operating System was Loaded." The last text is
-- unconfirmed, so the transcript's "unsuccessful" lines must be there too.
state "no-boot-device" {
  severity = "error",
  ignore_case = true,
  text = "unsuccessful",
  bottom = "No Operating System was Loaded",
}

---------------------------------------------------------------------------------------------
-- Firmware waiting for an operator (§7). EDK II ShellPkg Shell.uni STR_SHELL_SHELL
-- "Shell> " (or the current file system, "FS0:\> ").
state "firmware-setup" {
  severity = "warning",
  last_line = [[^(Shell|FS\d+:\\\S*)>]],
}

-- SeaBIOS src/boot.c interactive_bootmenu(): "Select boot device:" and the list, until a
-- choice prints "Booting from ...".
state "firmware-setup" {
  severity = "warning",
  text = "Select boot device:",
  absent = "Booting from",
}

-- OVMF PlatformBootManagerLib BdsPlatform.c: "BdsDxe: No bootable option or device was
-- found." then "BdsDxe: Press any key to enter the Boot Manager Menu."
state "firmware-setup" {
  severity = "warning",
  bottom = "Press any key to enter the Boot Manager Menu.",
}

-- iPXE's own shell (src/hci/shell.c, prompt "iPXE> ") after Ctrl-B.
state "firmware-setup" {
  severity = "warning",
  last_line = [[^iPXE>]],
}

---------------------------------------------------------------------------------------------
-- Windows (§8): drawn in graphics mode under UEFI, so read by OCR (tesseract), which makes
-- mistakes: short, distinctive anchors, any case.
-- Recovery (Windows 8+ bootmgr; MicrosoftDocs SupportArticles
-- troubleshoot-boot-error-status-not-found): "Your PC/Device needs to be repaired" and
-- "Error code: 0xc0000225".
state "windows-recovery" {
  severity = "error",
  ocr = true,
  ignore_case = true,
  text = {{"needs to be repaired", "Error code"}},
}

-- Automatic Repair (WinRE; transcripts, SrtTrail path confirmed): "Automatic Repair couldn't
-- repair your PC" / "Your PC did not start correctly", with the "Advanced options" button.
state "windows-recovery" {
  severity = "error",
  ocr = true,
  ignore_case = true,
  text = {{"Automatic Repair", "Advanced options"},
          {"did not start correctly", "Advanced options"}},
}

-- Windows Boot Manager (BIOS: VGA text; UEFI: graphics; forum transcripts 2009-2013):
-- "Windows failed to start." with "Status: 0xc000000f".
state "windows-recovery" {
  severity = "error",
  ocr = true,
  ignore_case = true,
  text = {{"Windows failed to start", "Status: 0x"}},
}

-- Windows 7 / 2008 R2 (xscreensaver hacks/bsod.c windows_safe()).
state "windows-recovery" {
  severity = "error",
  ocr = true,
  ignore_case = true,
  text = {{"Windows Error Recovery", "did not start successfully"}},
}

-- The Windows stop screen (BSOD) is Windows' kernel panic (xscreensaver windows_10();
-- Microsoft "Troubleshooting blue screen errors"): "Your PC/device ran into a problem and
-- needs to restart." with "Stop code: <NAME>".
state "kernel-panic" {
  severity = "critical",
  ocr = true,
  ignore_case = true,
  text = {{"ran into a problem and needs to restart", "Stop code"}},
}

---------------------------------------------------------------------------------------------
-- Login prompt (§1): util-linux agetty.c do_prompt() writes "<host> login: " (just
-- "login: " with --nohostname); only on the last line, where the cursor waits.
state "login-prompt" {
  severity = "ok",
  last_line = [[^(\S+ )?login: ?\S*$]],
}

-- Half-way through a login (login-utils/login.c): "Password: " under the login line.
state "login-prompt" {
  severity = "ok",
  bottom = "login:",
  bottom_lines = 3,
  last_line = [[^Password: ?$]],
}

---------------------------------------------------------------------------------------------
-- Screens without text: one colour (or a text console with nothing on it), then graphics
-- modes no rule's OCR text recognised (display managers, splash screens, Windows logon).
state "blank" {
  severity = "warning",
  blank = true,
}

state "graphical" {
  severity = "warning",
  text_console = false,
}
