#!/usr/bin/env bash
# Firmware build benchmark: whole-process wall time of `dotnet build` (Stm32.Build targets) against the equivalent
# hand-written Makefile run with `make -j2`, on a copy of samples/Bench40.H747 (40 generated C modules).
#   cold:  outputs deleted, full build          no-op: nothing changed, build again
#   start-up: `dotnet build` of an empty project (targets Restore and Build that do nothing): what any MSBuild
#   build pays before its first target runs. start-up + make's cold time is the least a cold `dotnet build`
#   can take with the same compiler on the same cores; the floor ratio is that over make's cold time.
# Usage: tests/Stm32.Benchmarks/build-bench/run.sh [runs=5]
# Requires: dotnet, make, arm-none-eabi-gcc; the task assembly is built first (Release).
set -euo pipefail
runs=${1:-5}
root=$(cd "$(dirname "$0")/../../.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
dotnet build "$root/src/Stm32.Build.Tasks" -c Release -nologo -v:q >/dev/null
cp -r "$root/samples/Bench40.H747" "$work/"
rm -rf "$work/Bench40.H747/bin" "$work/Bench40.H747/obj" "$work/Bench40.H747/build"
echo "<Project><Import Project=\"$root/samples/Directory.Build.props\" /></Project>" > "$work/Directory.Build.props"
echo "<Project><Import Project=\"$root/samples/Directory.Build.targets\" /></Project>" > "$work/Directory.Build.targets"
mkdir "$work/empty"
echo '<Project><Target Name="Restore" /><Target Name="Build" /></Project>' > "$work/empty/empty.proj"
cd "$work/Bench40.H747"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

seconds() { local s e; s=$(date +%s.%N); "$@" >/dev/null 2>&1 || { echo "failed: $*" >&2; exit 1; }; e=$(date +%s.%N); echo "$e - $s" | bc; }
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

msb_cold=(); msb_noop=(); make_cold=(); make_noop=(); empty=()
for _ in $(seq "$runs"); do
  empty+=("$(seconds dotnet build ../empty/empty.proj)")
  rm -rf bin obj
  msb_cold+=("$(seconds dotnet build -c Release)")
  msb_noop+=("$(seconds dotnet build -c Release)")
  make clean >/dev/null
  make_cold+=("$(seconds make -j2)")
  make_noop+=("$(seconds make -j2)")
done
mc=$(printf '%s\n' "${msb_cold[@]}" | median); mn=$(printf '%s\n' "${msb_noop[@]}" | median)
kc=$(printf '%s\n' "${make_cold[@]}" | median); kn=$(printf '%s\n' "${make_noop[@]}" | median)
me=$(printf '%s\n' "${empty[@]}" | median)
printf 'runs: %s (median wall seconds, %s cores)\n' "$runs" "$(nproc)"
printf '%-8s %12s %12s %8s\n' build "dotnet build" "make -j2" ratio
printf '%-8s %12.3f %12.3f %8.2f\n' cold "$mc" "$kc" "$(echo "$mc / $kc" | bc -l)"
printf '%-8s %12.3f %12.3f %8s\n' no-op "$mn" "$kn" "-"
printf '%-8s %12.3f %12s %8s\n' start-up "$me" "-" "-"
printf 'floor ratio (start-up + make cold) / make cold: %.2f\n' "$(echo "($me + $kc) / $kc" | bc -l)"
printf 'raw cold dotnet: %s\nraw cold make:   %s\nraw no-op dotnet: %s\n' "${msb_cold[*]}" "${make_cold[*]}" "${msb_noop[*]}"
