#!/bin/sh
# Prepares the module-mode copies of Debian's mesos-go that the
# wire-compatibility tests build against (see docs/wire-compatibility.md).
#
# Debian's golang-github-mesos-mesos-go-dev installs mesos-go and its
# dependency ffjson under /usr/share/gocode without go.mod files, so Go's
# module mode cannot use them in place. This copies both into .deps/ (git
# ignored) and gives each a go.mod; go.mod here points at the copies with
# relative replace directives. gogo/protobuf is used in place: Debian ships
# its go.mod.
#
# Usage: test/wirecompat/setup.sh     (any working directory; idempotent)
# Override the source tree with GOCODE=/path/to/gocode/src.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
src=${GOCODE:-/usr/share/gocode/src}

for dir in github.com/mesos/mesos-go github.com/pquerna/ffjson github.com/gogo/protobuf; do
	if [ ! -d "$src/$dir" ]; then
		echo "setup.sh: $src/$dir not found;" \
			"install it with: apt-get install golang-github-mesos-mesos-go-dev" >&2
		exit 1
	fi
done

tmp="$here/.deps.tmp.$$"
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp"
cp -R "$src/github.com/mesos/mesos-go" "$tmp/mesos-go"
cp -R "$src/github.com/pquerna/ffjson" "$tmp/ffjson"
chmod -R u+w "$tmp"
printf 'module github.com/mesos/mesos-go\n\ngo 1.12\n' >"$tmp/mesos-go/go.mod"
printf 'module github.com/pquerna/ffjson\n\ngo 1.12\n' >"$tmp/ffjson/go.mod"

rm -rf "$here/.deps"
mv "$tmp" "$here/.deps"
trap - EXIT

version=$(dpkg-query -W -f '${Version}' golang-github-mesos-mesos-go-dev 2>/dev/null || echo unknown)
echo "setup.sh: mesos-go $version and ffjson copied to $here/.deps"
