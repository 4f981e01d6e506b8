#!/usr/bin/env bash
# WeasyPrint needs Pango (and fonts) from the system. Install them only when missing.
set -euo pipefail
if ldconfig -p 2>/dev/null | grep -q "libpango-1.0.so.0" \
   && ldconfig -p 2>/dev/null | grep -q "libpangoft2-1.0.so.0" \
   && ldconfig -p 2>/dev/null | grep -q "libharfbuzz-subset.so.0" \
   && fc-list 2>/dev/null | grep -qi "dejavu"; then
  exit 0
fi
echo "Installing system libraries for WeasyPrint (Pango, fonts)..."
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core fontconfig
