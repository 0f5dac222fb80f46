#!/usr/bin/env bash
# The main job: set up (pnpm, dependencies, build), then `replica-lab tour`,
# which writes an HTML report with figures to ./replica-report (or --out DIR).
# Runs on the CPU, or on a hardware GPU through WebGPU when one is present.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/bootstrap.sh"
# Lets doctor check the kernels on SwiftShader too when chromium is installed (auto still picks a real GPU or the CPU).
source tooling/scripts/webgpu-env.sh
pnpm exec replica-lab tour "$@"
