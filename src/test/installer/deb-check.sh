#!/usr/bin/env bash
# Installs the studio's .deb into a clean Debian bookworm root that has no JDK and runs it from there, as a
# creator would: the command line on the PATH, the user's workspace, a generate with the tiny fixture model,
# and the window under Xvfb. Needs root, debootstrap (for the clean root) and Xvfb with xwininfo on this machine.
#
#   mvn -B -Pinstaller -DskipTests package && sudo src/test/installer/deb-check.sh [DEB]
#
# CLEAN_ROOT (default /tmp/deb-check-clean) holds the debootstrapped root, made on first use and kept; each run
# copies it to CHECK_ROOT (default /tmp/deb-check-root). The studio runs as an ordinary user (the install folder
# is not writable for it) inside a network namespace with no network at all (unshare -n).
set -euo pipefail
here="$(cd "$(dirname "$0")/../../.." && pwd)"
deb="${1:-$(ls "$here"/target/installer/*.deb | head -n1)}"
clean="${CLEAN_ROOT:-/tmp/deb-check-clean}"
root="${CHECK_ROOT:-/tmp/deb-check-root}"
display=":$((90 + RANDOM % 9))"

say() { printf '\n== %s\n' "$*"; }
now() { date +%s.%N; }
since() { echo "$(now) - $1" | bc | xargs printf '%.1f'; }

if [ ! -x "$clean/usr/bin/apt-get" ]; then
  say "making a clean bookworm root in $clean"
  debootstrap --variant=minbase bookworm "$clean" http://deb.debian.org/debian >/dev/null
fi
rm -rf "$root"
cp -a "$clean" "$root"
mounts=()
cleanup() {
  [ -n "${xvfb:-}" ] && kill "$xvfb" 2>/dev/null || true
  for ((i = ${#mounts[@]} - 1; i >= 0; i--)); do umount -l "${mounts[$i]}" 2>/dev/null || true; done
}
trap cleanup EXIT
mount -t proc proc "$root/proc"; mounts+=("$root/proc")
mount --bind /dev "$root/dev"; mounts+=("$root/dev")
mount --bind /sys "$root/sys"; mounts+=("$root/sys")
cp /etc/resolv.conf "$root/etc/resolv.conf"

in_root() { chroot "$root" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin DEBIAN_FRONTEND=noninteractive "$@"; }
# as the user, offline: a fresh network namespace has no interfaces but a down loopback
as_user() { unshare -n chroot --userspec=creator:creator "$root" /usr/bin/env -i PATH=/usr/bin:/bin HOME=/home/creator "$@"; }

say "no Java in the clean root"
if in_root sh -c 'command -v java'; then echo "the clean root has java" >&2; exit 1; fi
echo "none"

say "the package's dependencies (from Debian's mirror)"
deps="$(dpkg-deb -f "$deb" Depends | tr ',' '\n' | sed 's/|.*//; s/(.*)//; s/ //g' | grep -v '^$' | tr '\n' ' ')"
echo "$deps"
t=$(now)
in_root apt-get update -qq
# shellcheck disable=SC2086
in_root apt-get install -y -qq --no-install-recommends $deps >/dev/null
echo "dependencies installed in $(since "$t") s"

say "dpkg -i $(basename "$deb") ($(du -h "$deb" | cut -f1))"
cp "$deb" "$root/tmp/studio.deb"
t=$(now)
in_root dpkg -i /tmp/studio.deb
install_s=$(since "$t")
echo "installed in $install_s s; installed size $(du -sh "$root/opt/character-studio" | cut -f1)"
in_root useradd -m creator
cp -r "$here/src/test/resources/tiny-index" "$root/tmp/tiny-index"
chmod -R a+rX "$root/tmp/tiny-index"

say "character-studio --help"
as_user character-studio --help | head -n 5

say "character-studio persona list (creates ~/Character Studio with the sample characters)"
as_user character-studio persona list
test -d "$root/home/creator/Character Studio/characters/lin-zhixia"

say "character-studio generate --model (tiny fixture) --prompt hi --max-new-tokens 3"
t=$(now)
as_user character-studio generate --model /tmp/tiny-index --prompt hi --max-new-tokens 3
echo
echo "generated in $(since "$t") s (first run: the JNI bridge unpacks to ~/.cache/character-studio/djl)"
ls "$root/home/creator/.cache/character-studio/djl/pytorch/"*
t=$(now)
as_user character-studio generate --model /tmp/tiny-index --prompt hi --max-new-tokens 3 >/dev/null
echo "second generate: $(since "$t") s"

say "the window under Xvfb"
mkdir -p "$root/tmp/.X11-unix"
Xvfb "$display" -screen 0 1600x1000x24 -nolisten tcp >/dev/null 2>&1 &
xvfb=$!
sleep 1
mount --bind /tmp/.X11-unix "$root/tmp/.X11-unix"; mounts+=("$root/tmp/.X11-unix")
t=$(now)
unshare -n chroot --userspec=creator:creator "$root" /usr/bin/env -i PATH=/usr/bin:/bin HOME=/home/creator \
  DISPLAY="$display" LANG=C.UTF-8 /opt/character-studio/bin/character-studio >"$root/tmp/window.log" 2>&1 &
studio=$!
window_s=""
for _ in $(seq 1 600); do
  if DISPLAY="$display" xwininfo -root -tree 2>/dev/null | grep -q '"Character Studio — Character Studio"'; then
    window_s=$(since "$t"); break
  fi
  kill -0 "$studio" 2>/dev/null || break
  sleep 0.1
done
kill "$studio" 2>/dev/null || true
pkill -P "$studio" 2>/dev/null || true
if [ -z "$window_s" ]; then
  echo "no window; the studio said:" >&2; cat "$root/tmp/window.log" >&2; exit 1
fi
echo "window 'Character Studio — Character Studio' mapped after $window_s s"
grep -q "Character Studio" "$root/home/creator/.config/character-studio/last-workspace"
echo "last workspace remembered: $(cat "$root/home/creator/.config/character-studio/last-workspace")"

say "summary"
echo "package $(du -h "$deb" | cut -f1) ($(stat -c %s "$deb") bytes), dpkg -i $install_s s, window $window_s s"
