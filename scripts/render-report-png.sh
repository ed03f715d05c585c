#!/usr/bin/env bash
# Renders an HTML report headless to a PNG, to look at it without opening a browser.
#
#   scripts/render-report-png.sh REPORT.html [OUT.png] [WIDTHxHEIGHT]
#
#   lattice report cohort --cohort "Fall 2026" --format html -o cohort.html
#   scripts/render-report-png.sh cohort.html                  # writes cohort.png, 1024x2400
#   scripts/render-report-png.sh cohort.html top.png 800x1000 # a narrower window, the top only
#
# It needs Chromium (or Chrome): `chromium`, `chromium-browser`, `google-chrome` or
# `google-chrome-stable` on PATH, or the program named in $CHROMIUM. The page is drawn in a window
# of WIDTHxHEIGHT CSS pixels (default 1024x2400) and the PNG is that window: raise the height to see
# more of a long report. Chromium runs with a throwaway profile, and every host name resolves to
# nothing, so a report that tried to fetch anything from outside would show it missing.
# Exit status: 0 with the PNG written, 1 on any problem, 2 on wrong arguments.
set -euo pipefail

usage() {
  sed -n '2,15s/^# \{0,1\}//p' "$0" >&2
  exit 2
}

[ $# -ge 1 ] && [ $# -le 3 ] || usage
case "$1" in -h | --help) usage ;; esac
html=$1
out=${2:-${html%.*}.png}
size=${3:-1024x2400}
[[ $size =~ ^[0-9]+x[0-9]+$ ]] || { echo "render-report-png: size \"$size\" is not WIDTHxHEIGHT (e.g. 1024x2400)" >&2; exit 2; }
[ -f "$html" ] || { echo "render-report-png: $html: no such file" >&2; exit 1; }

browser=${CHROMIUM:-}
if [ -z "$browser" ]; then
  for b in chromium chromium-browser google-chrome google-chrome-stable; do
    if command -v "$b" >/dev/null 2>&1; then browser=$b; break; fi
  done
fi
[ -n "$browser" ] || { echo "render-report-png: Chromium is not installed (looked for chromium, chromium-browser, google-chrome; or set CHROMIUM)" >&2; exit 1; }

abs() { (cd "$(dirname "$1")" && printf '%s/%s\n' "$(pwd -P)" "$(basename "$1")"); }
html=$(abs "$html")
mkdir -p "$(dirname "$out")"
out=$(abs "$out")
profile=$(mktemp -d "${TMPDIR:-/tmp}/render-report-png.XXXXXX")
trap 'rm -rf "$profile"' EXIT

flags=(--headless --disable-gpu --hide-scrollbars --no-first-run --no-default-browser-check
  --disable-extensions --disable-background-networking --disable-sync --mute-audio
  "--user-data-dir=$profile" "--host-resolver-rules=MAP * ~NOTFOUND"
  "--window-size=${size/x/,}" "--screenshot=$out")
# Chromium's sandbox refuses to run as root (containers, CI); it is not needed for a local file.
[ "$(id -u)" -ne 0 ] || flags+=(--no-sandbox)

rm -f "$out"
if ! "$browser" "${flags[@]}" "file://$html" >"$profile/log" 2>&1 || [ ! -s "$out" ]; then
  echo "render-report-png: $browser did not write $out:" >&2
  tail -n 5 "$profile/log" >&2
  exit 1
fi
echo "render-report-png: wrote $out ($size)" >&2
