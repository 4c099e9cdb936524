#!/bin/sh
# Ensure the Debian packages that lifelong needs are installed.
# Usage: contrib/deps.sh build|test|bench|e2e
# As root it installs what is missing with apt-get; otherwise it prints the
# exact command to run and exits 1. Prints nothing when all is present.
set -eu
want="build-essential pkg-config libevent-dev libsqlite3-dev libsodium-dev \
libicu-dev libcsv-dev tzdata libjansson-dev libcurl4-openssl-dev libxml2-dev \
libical-dev libzip-dev libgettextpo-dev libgmime-3.0-dev libmagic-dev \
libxlsxwriter-dev libpango1.0-dev libcairo2-dev fonts-noto-cjk"
case "${1:-build}" in
  build) ;;
  test)  want="$want libcmocka-dev sqlite3 gettext poppler-utils" ;;
  bench) want="$want wrk nginx-light" ;;
  # Browser tests (tests/e2e): headless Chromium driven by playwright-core,
  # fonts for zh-Hant, Thai and Vietnamese; Debian's Node.js and npm only
  # when the machine has no node/npm of its own (a nodesource nodejs
  # already carries npm, and Debian's npm would conflict with it).
  e2e)   want="chromium fonts-noto-cjk fonts-noto-core"
         command -v node >/dev/null && command -v npm >/dev/null ||
           want="$want nodejs npm" ;;
  *) echo "usage: $0 build|test|bench|e2e" >&2; exit 2 ;;
esac
missing=""
for p in $want; do
  st=$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null || true)
  [ "$st" = installed ] || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" -ne 0 ]; then
  echo "lifelong needs these Debian packages:$missing" >&2
  echo "run: sudo apt-get update && sudo apt-get install -y$missing" >&2
  exit 1
fi
echo "installing:$missing"
export DEBIAN_FRONTEND=noninteractive
apt-get update -q >/dev/null
apt-get install -y -q --no-install-recommends $missing >/dev/null
