#!/bin/sh
# Ensure the Debian packages that lifelong needs are installed.
# Usage: contrib/deps.sh build|test|bench
# As root it installs what is missing with apt-get; otherwise it prints the
# exact command to run and exits 1. Prints nothing when all is present.
set -eu
want="build-essential pkg-config libevent-dev libsqlite3-dev libsodium-dev \
libicu-dev libcsv-dev tzdata libjansson-dev libcurl4-openssl-dev libxml2-dev"
case "${1:-build}" in
  build) ;;
  test)  want="$want libcmocka-dev sqlite3" ;;
  bench) want="$want wrk nginx-light" ;;
  *) echo "usage: $0 build|test|bench" >&2; exit 2 ;;
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
