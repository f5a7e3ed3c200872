#!/usr/bin/env bash
# Installs Debian's Chromium, its WebDriver (chromedriver) and CJK fonts for the live
# page's browser test, when they are absent. Needs root (CI runs as root) and Debian's
# package archive; does nothing when all three are there.
set -euo pipefail
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v chromedriver >/dev/null 2>&1 || need+=(chromium-driver)
fc-list 2>/dev/null | grep -qi "Noto Sans CJK" || need+=(fonts-noto-cjk)
if [ ${#need[@]} -eq 0 ]; then
    echo "install-chromium: chromium, chromedriver and CJK fonts are installed"
    exit 0
fi
echo "install-chromium: installing ${need[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
command -v chromium >/dev/null && command -v chromedriver >/dev/null
echo "install-chromium: done"
