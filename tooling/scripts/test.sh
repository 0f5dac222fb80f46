#!/usr/bin/env bash
# The whole test suite: set up (pnpm, dependencies, build), make sure WebGPU can
# run on SwiftShader (Debian's chromium and libvulkan1) and that the bench peers
# have numpy, scipy and scikit-learn, then type-check, lint, publint, build the API
# reference, and run every test — Node projects and the kernel suite in headless
# Chromium — ending with one line `Tests: N passed, N failed`. Fashion-MNIST comes from Debian's
# dataset-fashion-mnist; the sweep test's one-node SLURM cluster from slurm-wlm and munge (as root).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/bootstrap.sh"

# WebGPU without a GPU: Dawn needs the Vulkan loader and SwiftShader's ICD (shipped with chromium).
need=()
[ -x /usr/bin/chromium ] && [ -f /usr/lib/chromium/vk_swiftshader_icd.json ] || need+=(chromium)
ldconfig -p 2>/dev/null | grep -q 'libvulkan.so.1 ' || need+=(libvulkan1)
# The benchmark peers the suites' tests run against (numpy, scipy, scikit-learn from Debian, through /usr/bin/python3).
for mod in numpy:python3-numpy scipy:python3-scipy sklearn:python3-sklearn; do
  /usr/bin/python3 -c "import ${mod%%:*}" 2>/dev/null || need+=("${mod##*:}")
done
# Fashion-MNIST (60k + 10k images) for @replica/datasets and the nn experiments, from Debian.
[ -f /usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz ] || need+=(dataset-fashion-mnist)
# SLURM and munge for the sweep test's one-node cluster on localhost (it runs as root only).
if [ "$(id -u)" = 0 ]; then
  command -v slurmctld >/dev/null && command -v slurmd >/dev/null || need+=(slurm-wlm)
  command -v munged >/dev/null || need+=(munge)
fi
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    say "installing Debian packages: ${need[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >/dev/null
    apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
  else
    die "missing Debian packages: ${need[*]} (the WebGPU tests run on SwiftShader from chromium through libvulkan1; the bench peers need numpy, scipy and scikit-learn): sudo apt-get install ${need[*]}"
  fi
fi
source tooling/scripts/webgpu-env.sh
export REPLICA_REQUIRE_WEBGPU=1 REPLICA_BROWSER_TESTS=1 REPLICA_REQUIRE_BUILD=1 REPLICA_REQUIRE_DATASETS=1
if [ "$(id -u)" = 0 ]; then export REPLICA_REQUIRE_SLURM=1; fi

say "type-checking (tsc --noEmit)"
pnpm -s typecheck
say "linting and format check (biome ci)"
pnpm -s lint >/dev/null || pnpm -s lint
say "checking package builds (publint --strict)"
pnpm -s publint >/dev/null || pnpm -s publint

say "building the API reference (typedoc; an undocumented export fails it)"
pnpm -s docs >/dev/null 2>&1 || pnpm -s docs

say "running tests (vitest: Node projects, headless Chromium, the release check)"
report=$(mktemp -d)/vitest.json
status=0
pnpm exec vitest run --reporter=default --reporter=json --outputFile.json="$report" 2>&1 \
  | grep -v 'XDG_RUNTIME_DIR is invalid' || status=${PIPESTATUS[0]}
node tooling/scripts/summarize-tests.mjs "$report" || status=1
exit "$status"
