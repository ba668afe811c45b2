#!/usr/bin/env bash
# Writes mksagent(1) in roff on stdout from the program's own --help texts (the program's and
# each command's), so the man page says what the program says. Used by the build (man_page).
#   scripts/man-page.sh build/release/bin/mksagent > mksagent.1
set -euo pipefail
program=$1

# roff: a backslash is \e, and a line may not start with . or '
verbatim() {
  sed -e 's/\\/\\e/g' -e "s/^\([.']\)/\\\\\&\1/"
}

version=$("$program" --version | head -1 | cut -d' ' -f2)
commands=$("$program" --help | awk '/^Subcommands:/ {on = 1; next} on && /^  [a-z]/ {print $1}')

cat <<ROFF
.TH MKSAGENT 1 "" "mksagent $version" "User Commands"
.SH NAME
mksagent \\- drive and record VM consoles (VMware WebMKS, VNC) without a browser
.SH SYNOPSIS
.B mksagent
.I COMMAND
[\\fIOPTIONS\\fR]
.SH DESCRIPTION
.nf
ROFF
"$program" --help | verbatim
echo ".fi"
echo ".SH COMMANDS"
for command in $commands; do
  echo ".SS mksagent $command"
  echo ".nf"
  "$program" "$command" --help | verbatim
  echo ".fi"
done
cat <<ROFF
.SH FILES
.TP
.I /usr/share/mksagent/scenarios/
The shipped runbooks (demo.lua and others), their reference images and the sweep's state
rules (states.lua).
.TP
.I /usr/share/doc/mksagent/
README.md and the guides (runbooks, recording, vCenter, fleet, limits, fuzzing).
.SH VERSION
.nf
ROFF
"$program" --version | verbatim
echo ".fi"
