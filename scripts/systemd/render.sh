#!/usr/bin/env bash
# render.sh BINDIR OUTDIR : writes jdockd.service and jdockd.socket into OUTDIR from the templates beside this script
# (the one copy of the unit text; install.sh and the tests use it), with ExecStart=BINDIR/jdockd.
set -euo pipefail
bindir=${1:?usage: render.sh BINDIR OUTDIR}
outdir=${2:?usage: render.sh BINDIR OUTDIR}
here=$(dirname "${BASH_SOURCE[0]}")
[[ $bindir == /* && $bindir != *[[:space:]\|\&\\]* ]] || { echo "render.sh: BINDIR must be an absolute path without spaces: $bindir" >&2; exit 2; }
mkdir -p "$outdir"
for unit in jdockd.service jdockd.socket; do
    sed "s|@BINDIR@|$bindir|g" "$here/$unit.in" >"$outdir/.$unit.tmp"
    chmod 0644 "$outdir/.$unit.tmp"
    mv -f "$outdir/.$unit.tmp" "$outdir/$unit"
done
