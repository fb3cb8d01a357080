#!/bin/sh
# Installs the Debian 12 packages Courrier needs, and the French locale.
#
#   build-aux/setup-deps.sh [run|test]
#
# "run" (the default) is what building and running the app takes; "test"
# adds the servers and tools the test suite starts. As root it installs what
# is missing; as another user it prints the apt-get line and fails.
set -eu

build_pkgs="meson ninja-build pkg-config gcc gettext itstool
  libglib2.0-dev libgtk-4-dev libadwaita-1-dev libwebkitgtk-6.0-dev
  libetpan-dev libsecret-1-dev libsqlite3-dev libjson-glib-dev libsoup-3.0-dev
  libenchant-2-dev hunspell-fr hunspell-en-us iso-codes
  glib-networking libsasl2-modules desktop-file-utils appstream yelp-tools
  locales"
run_pkgs="yelp gnome-keyring"
test_pkgs="xvfb xauth dbus dbus-x11 gnome-keyring libsecret-tools openssl
  dovecot-imapd dovecot-pop3d python3 python3-aiosmtpd swaks libnet-ssleay-perl
  at-spi2-core imagemagick flatpak-builder clang libclang-rt-14-dev poppler-utils"

case "${1:-run}" in
  run) wanted="$build_pkgs $run_pkgs" ;;
  test) wanted="$build_pkgs $test_pkgs" ;;
  *) echo "usage: $0 [run|test]" >&2; exit 2 ;;
esac

missing=""
for pkg in $wanted; do
  if ! dpkg-query -W -f '${Status}' "$pkg" 2>/dev/null | grep -q "ok installed"; then
    missing="$missing $pkg"
  fi
done

have_fr_locale() {
  locale -a 2>/dev/null | grep -qiE '^fr_FR\.utf-?8$'
}

if [ -z "$missing" ] && have_fr_locale; then
  exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
  if [ -n "$missing" ]; then
    echo "Courrier needs these Debian packages; install them as root:" >&2
    echo "  apt-get install -y$missing" >&2
  fi
  if ! have_fr_locale; then
    echo "and the French locale: enable fr_FR.UTF-8 in /etc/locale.gen, then run locale-gen" >&2
  fi
  exit 1
fi

if [ -n "$missing" ]; then
  echo "Installing:$missing"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q
  # shellcheck disable=SC2086
  apt-get install -y -q --no-install-recommends $missing
  # The tests start their own private Dovecot; a system-wide IMAP server
  # that the package starts is not wanted.
  case "$missing" in
    *dovecot*)
      if command -v systemctl >/dev/null 2>&1 && [ -d /run/systemd/system ]; then
        systemctl disable --now dovecot >/dev/null 2>&1 || true
      fi ;;
  esac
fi

if ! have_fr_locale; then
  if [ -f /etc/locale.gen ] && grep -q '^# *fr_FR.UTF-8 UTF-8' /etc/locale.gen; then
    sed -i 's/^# *\(fr_FR.UTF-8 UTF-8\)/\1/' /etc/locale.gen
  elif ! grep -q '^fr_FR.UTF-8 UTF-8' /etc/locale.gen 2>/dev/null; then
    echo 'fr_FR.UTF-8 UTF-8' >>/etc/locale.gen
  fi
  locale-gen
fi
