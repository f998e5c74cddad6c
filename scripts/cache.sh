# What one checkout of this project leaves for the next on the same machine, so that a new clone
# does not redo work whose inputs did not change: the installed packages, the production build's
# cache, and what the typecheck, the linter and the formatter already checked. Sourced by the
# scripts that use it (install, SQLite, demo and test scripts).
#
# Every entry carries the id of what it was made with (the lockfile, Node's and npm's versions,
# the platform), so new packages or a new Node start from nothing. Within one id, each tool
# checks every file's content itself (tsc's build info, ESLint's and Prettier's content caches,
# Next's build cache), so a changed file is always checked again. An entry is written under a
# temporary name and renamed, so a half-written one is never read. The caches only save time:
# where one cannot be read or written, the work is done in full.

PROJECT_CACHE="${XDG_CACHE_HOME:-$HOME/.cache}/rocket-checkout"

# What every entry depends on: the packages the lockfile pins, and the Node and npm that run them.
toolchain_id() {
  { cat package-lock.json; node --version; npm --version; uname -sm; } | sha256sum | cut -c1-12
}

# Copies the cache's entry NAME to PATH, where PATH does not exist yet: a checkout's own
# state is never replaced. Fails (and leaves nothing) when there is no such entry.
cache_restore() { # name path
  local entry="$PROJECT_CACHE/$1" partial="$2.restoring.$$"
  [ -e "$entry" ] && [ ! -e "$2" ] && mkdir -p "$(dirname "$2")" || return 1
  if cp -a "$entry" "$partial" && mv "$partial" "$2"; then return 0; fi
  rm -rf "$partial"
  return 1
}

# Keeps a copy of PATH as the cache's entry NAME (replacing the one before), and of the
# entries named PREFIX*, only the two newest: the one for this toolchain and the one before it.
cache_save() { # path name [prefix]
  local entry="$PROJECT_CACHE/$2" partial="$PROJECT_CACHE/.$2.$$"
  mkdir -p "$PROJECT_CACHE" || return 0
  if cp -a "$1" "$partial" && rm -rf "$entry" && mv "$partial" "$entry" && touch "$entry"; then
    [ -z "${3:-}" ] || find "$PROJECT_CACHE" -mindepth 1 -maxdepth 1 -name "$3*" -printf '%T@ %p\n' |
      sort -rn | tail -n +3 | cut -d' ' -f2- | xargs -r rm -rf || true
  else
    rm -rf "$partial"
  fi
  return 0
}

# ESLint names each file by its absolute path in its cache. Such an entry is kept with this
# checkout's path written as a placeholder, so a clone elsewhere reads it as its own.
# (A path with characters JSON would escape is not worth the risk: no cache there.)
CHECKOUT_PLACEHOLDER="<checkout>"
paths_portable() { [[ "$PWD" =~ ^[A-Za-z0-9._/-]+$ ]]; }

cache_restore_with_paths() { # name file
  local entry="$PROJECT_CACHE/$1"
  paths_portable && [ -f "$entry" ] && [ ! -e "$2" ] && mkdir -p "$(dirname "$2")" || return 1
  FROM="\"$CHECKOUT_PLACEHOLDER/" TO="\"$PWD/" perl -pe 's/\Q$ENV{FROM}\E/$ENV{TO}/g' "$entry" > "$2.$$" &&
    mv "$2.$$" "$2" || { rm -f "$2.$$"; return 1; }
}

cache_save_with_paths() { # file name [prefix]
  local partial="$1.portable.$$"
  paths_portable && [ -f "$1" ] || return 0
  FROM="\"$PWD/" TO="\"$CHECKOUT_PLACEHOLDER/" perl -pe 's/\Q$ENV{FROM}\E/$ENV{TO}/g' "$1" > "$partial" &&
    cache_save "$partial" "$2" "${3:-}"
  rm -f "$partial"
}

# Runs a production build (the command given) with Next's build cache of the last build on this
# machine, as Next's docs ask of CI: the build redoes only what changed.
build_with_cache() { # command...
  local entry
  entry="next-build-$(toolchain_id)"
  cache_restore "$entry" .next/cache || true
  "$@" || return
  cache_save .next/cache "$entry" next-build-
}
