#!/usr/bin/env bash
# System packages, each installed only when missing: Pango and fonts for WeasyPrint, and Debian's
# Chromium for the web service's browser test (driven by Playwright at /usr/bin/chromium; no
# browser is ever downloaded at run time).
set -euo pipefail
wanted=()
if ! { ldconfig -p 2>/dev/null | grep -q "libpango-1.0.so.0" \
   && ldconfig -p 2>/dev/null | grep -q "libpangoft2-1.0.so.0" \
   && ldconfig -p 2>/dev/null | grep -q "libharfbuzz-subset.so.0" \
   && fc-list 2>/dev/null | grep -qi "dejavu"; }; then
  wanted+=(libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core fontconfig)
fi
if [ ! -x /usr/bin/chromium ]; then
  wanted+=(chromium)
fi
if [ ${#wanted[@]} -eq 0 ]; then
  exit 0
fi
echo "Installing system packages: ${wanted[*]}..."
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq "${wanted[@]}"
