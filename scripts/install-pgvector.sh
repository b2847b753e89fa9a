#!/usr/bin/env bash
# Builds and installs the vendored pgvector (vendor/pgvector, see its README) into the local PostgreSQL, which the
# knowledge base's migration needs (CREATE EXTENSION vector). Idempotent: nothing is done when vector.control is
# already installed. Debian has no pgvector package, so the source is built against postgresql-server-dev-15.
# PG_CONFIG may name another pg_config (default: PostgreSQL 15's).
set -euo pipefail
cd "$(dirname "$0")/.."

PG_CONFIG="${PG_CONFIG:-/usr/lib/postgresql/15/bin/pg_config}"
if [ ! -x "$PG_CONFIG" ] || [ ! -f "$("$PG_CONFIG" --pgxs 2>/dev/null)" ]; then
  echo "install-pgvector: installing postgresql-server-dev-15 (headers and PGXS to build pgvector)"
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql-server-dev-15 build-essential) >/dev/null
fi

extension_dir="$("$PG_CONFIG" --sharedir)/extension"
if [ -f "$extension_dir/vector.control" ]; then
  echo "install-pgvector: already installed ($extension_dir/vector.control)"
  exit 0
fi

# Built in a scratch copy, so the vendored tree stays free of objects.
build="$(mktemp -d)"
trap 'rm -rf "$build"' EXIT
cp -R vendor/pgvector/. "$build"
# OPTFLAGS="": no -march=native, so the library runs on any x86-64 the CI machine may move to.
make -C "$build" -s PG_CONFIG="$PG_CONFIG" OPTFLAGS="" >/dev/null
make -C "$build" -s PG_CONFIG="$PG_CONFIG" install >/dev/null
echo "install-pgvector: installed pgvector $(sed -n "s/^default_version = '\(.*\)'/\1/p" "$extension_dir/vector.control") into $extension_dir"
