#!/bin/bash
# build-guest-image.sh - build a small bootable BIOS ISO for console tests.
#
# The ISO contains a GRUB menu (grub-mkrescue, i386-pc) with a few entries, the
# host's Debian kernel (linux-image-amd64) and a busybox-static initramfs that
# starts a root shell on the VGA console (tty1) and on the serial port (ttyS0).
# Only Debian packages are used (scripts/install-deps.sh installs them); it fails with
# the list of missing ones rather than installing anything itself.
#
# Usage: build-guest-image.sh OUTDIR [--force]
#   OUTDIR   directory to write into (created if missing); results:
#            OUTDIR/guest.iso   bootable ISO (BIOS, hybrid)
#            OUTDIR/vmlinuz     kernel, OUTDIR/initrd.gz  initramfs (for -kernel/-initrd use)
#   --force  rebuild even if OUTDIR/guest.iso is up to date
# Environment: GRUB_TIMEOUT (default -1 = wait forever in the menu)
#
# Guest behaviour (useful for assertions):
#   GRUB menu title line:  "GNU GRUB  version 2.06..."; entries:
#     "Rescue shell (VGA console)", "Rescue shell (serial console)",
#     "Memory info then power off", "Reboot", "Power off"
#   after boot, tty1 and ttyS0 show the banner "PEER-GUEST READY", the kernel
#   command line ("cmdline: ..."), then the prompt "peer-guest# ".
set -euo pipefail

OUTDIR=${1:?usage: build-guest-image.sh OUTDIR [--force]}
FORCE=${2:-}
GRUB_TIMEOUT=${GRUB_TIMEOUT:--1}
SELF=$(readlink -f "$0")

need_pkgs=()
for p in grub-pc-bin grub-common xorriso mtools busybox-static linux-image-amd64 cpio gzip; do
  dpkg -s "$p" >/dev/null 2>&1 || need_pkgs+=("$p")
done
if [ ${#need_pkgs[@]} -gt 0 ]; then
  echo "build-guest-image: missing Debian packages: ${need_pkgs[*]} (run scripts/install-deps.sh)" >&2
  exit 1
fi

KERNEL=$(ls -1 /boot/vmlinuz-* 2>/dev/null | sort -V | tail -n1)
[ -n "$KERNEL" ] || { echo "no /boot/vmlinuz-* found" >&2; exit 1; }
BUSYBOX=/bin/busybox

mkdir -p "$OUTDIR"
OUTDIR=$(readlink -f "$OUTDIR")
STAMP="$OUTDIR/.build-stamp"
want_stamp="$(sha256sum "$SELF" | cut -d' ' -f1) $(stat -c %s:%Y "$KERNEL" "$BUSYBOX" | tr '\n' ' ') timeout=$GRUB_TIMEOUT"
if [ "$FORCE" != "--force" ] && [ -f "$OUTDIR/guest.iso" ] && [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$want_stamp" ]; then
  echo "up to date: $OUTDIR/guest.iso"
  exit 0
fi

WORK=$(mktemp -d "$OUTDIR/.work.XXXXXX")
trap 'rm -rf "$WORK"' EXIT

# ---- initramfs -------------------------------------------------------------
R="$WORK/initramfs"
mkdir -p "$R"/{bin,sbin,etc/init.d,proc,sys,dev,tmp,root,usr/bin,usr/sbin}
cp "$BUSYBOX" "$R/bin/busybox"
for applet in $("$BUSYBOX" --list); do
  [ -e "$R/bin/$applet" ] || ln -s busybox "$R/bin/$applet"
done
ln -sf ../bin/busybox "$R/sbin/init"

cat > "$R/init" <<'EOF'
#!/bin/sh
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev 2>/dev/null || mdev -s
mkdir -p /dev/pts && mount -t devpts devpts /dev/pts
exec /sbin/init
EOF
chmod 755 "$R/init"

cat > "$R/etc/inittab" <<'EOF'
::sysinit:/etc/init.d/rcS
tty1::respawn:/etc/init.d/shell /dev/tty1
ttyS0::respawn:/etc/init.d/shell /dev/ttyS0
::ctrlaltdel:/bin/reboot
::shutdown:/bin/sync
EOF

cat > "$R/etc/init.d/rcS" <<'EOF'
#!/bin/sh
hostname peer-guest
echo 1 > /proc/sys/kernel/printk 2>/dev/null
EOF
chmod 755 "$R/etc/init.d/rcS"

cat > "$R/etc/init.d/shell" <<'EOF'
#!/bin/sh
# $1 = terminal device. busybox init already made it our controlling tty and
# stdio; print a banner and run an interactive shell on it.
tty=$1
case "$tty" in /dev/ttyS*) stty 115200 sane 2>/dev/null ;; esac
echo
echo "PEER-GUEST READY on $tty"
echo "cmdline: $(cat /proc/cmdline)"
echo "uptime: $(cut -d' ' -f1 /proc/uptime)s"
export PS1='peer-guest# ' HOME=/root TERM=linux
cd /root
exec /bin/sh -i
EOF
chmod 755 "$R/etc/init.d/shell"
cat > "$R/etc/init.d/meminfo" <<'EOF'
#!/bin/sh
mount -t proc proc /proc
mount -t devtmpfs devtmpfs /dev 2>/dev/null
for t in /dev/tty1 /dev/ttyS0; do
  { echo "PEER-GUEST MEMINFO"; head -n 3 /proc/meminfo; echo "powering off in 5s"; } > $t
done
sleep 5
poweroff -f
EOF
chmod 755 "$R/etc/init.d/meminfo"
echo 'root:x:0:0:root:/root:/bin/sh' > "$R/etc/passwd"

( cd "$R" && find . | cpio -o -H newc --quiet ) | gzip -9 > "$WORK/initrd.gz"

# ---- ISO tree ----------------------------------------------------------------
I="$WORK/iso"
mkdir -p "$I/boot/grub"
cp "$KERNEL" "$I/boot/vmlinuz"
cp "$WORK/initrd.gz" "$I/boot/initrd.gz"
cat > "$I/boot/grub/grub.cfg" <<EOF
serial --unit=0 --speed=115200
terminal_input console serial
terminal_output console serial
set timeout=$GRUB_TIMEOUT
set default=0

menuentry "Rescue shell (VGA console)" {
  echo "Loading kernel..."
  linux /boot/vmlinuz console=ttyS0,115200 console=tty0 quiet loglevel=1 panic=10 peer.entry=vga
  echo "Loading initramfs..."
  initrd /boot/initrd.gz
}
menuentry "Rescue shell (serial console)" {
  linux /boot/vmlinuz console=tty0 console=ttyS0,115200 quiet loglevel=1 panic=10 peer.entry=serial
  initrd /boot/initrd.gz
}
menuentry "Memory info then power off" {
  linux /boot/vmlinuz console=ttyS0,115200 console=tty0 quiet loglevel=1 panic=10 rdinit=/etc/init.d/meminfo
  initrd /boot/initrd.gz
}
menuentry "Reboot" {
  reboot
}
menuentry "Power off" {
  halt
}
EOF

grub-mkrescue -o "$WORK/guest.iso" "$I" >/dev/null 2> "$WORK/mkrescue.log" || { cat "$WORK/mkrescue.log" >&2; exit 1; }

mv -f "$WORK/guest.iso" "$OUTDIR/guest.iso"
cp -f "$KERNEL" "$OUTDIR/vmlinuz"
mv -f "$WORK/initrd.gz" "$OUTDIR/initrd.gz"
echo "$want_stamp" > "$STAMP"
echo "built: $OUTDIR/guest.iso ($(stat -c %s "$OUTDIR/guest.iso") bytes)"
