# Sourced by tour.sh and test.sh: checks Node, installs the pinned pnpm and the
# workspace's dependencies, and builds every package. Idempotent: on a machine
# where this already ran it only re-checks and rebuilds.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$root"

say() { printf 'replica setup: %s\n' "$*" >&2; }
die() { printf 'replica setup: %s\n' "$*" >&2; exit 1; }

command -v node >/dev/null || die "missing: Node.js >= 20.19 (https://nodejs.org or your package manager)"
node -e 'const [a,b]=process.versions.node.split(".").map(Number); process.exit(a>20||(a===20&&b>=19)?0:1)' \
  || die "Node $(node --version) is too old: Replica needs Node >= 20.19 (Vite 8 and vitest 4 need it)"
command -v npm >/dev/null || die "missing: npm (it ships with Node.js)"

# pnpm, at the version package.json pins.
want=$(node -p 'require("./package.json").packageManager.split("@")[1]')
if [ "$(pnpm --version 2>/dev/null || true)" != "$want" ]; then
  say "installing pnpm $want (npm install -g pnpm@$want)"
  if ! npm install -g "pnpm@$want" >/dev/null 2>&1; then
    # No permission for a global install: use a user-local prefix instead.
    prefix="${XDG_DATA_HOME:-$HOME/.local/share}/replica-pnpm"
    npm install --prefix "$prefix" "pnpm@$want" >/dev/null 2>&1 \
      || die "could not install pnpm $want with npm (tried global and $prefix); install it yourself: npm install -g pnpm@$want"
    export PATH="$prefix/node_modules/.bin:$PATH"
  fi
  hash -r
  [ "$(pnpm --version 2>/dev/null || true)" = "$want" ] || die "pnpm $want was installed but 'pnpm --version' says $(pnpm --version 2>/dev/null || echo nothing)"
fi

say "installing dependencies (pnpm install --frozen-lockfile)"
CI=true pnpm install --frozen-lockfile --reporter=append-only >/dev/null \
  || die "pnpm install failed: run 'pnpm install --frozen-lockfile' to see why"

say "building packages (tsup)"
pnpm -s build >/dev/null 2>"$root/.build.log" || { cat "$root/.build.log" >&2; die "build failed"; }
rm -f "$root/.build.log"
