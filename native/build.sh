#!/usr/bin/env bash
# Builds native/build/gan-generate against the TensorFlow C library shipped in the Maven artifact
# org.tensorflow:tensorflow-core-native:1.0.0:linux-x86_64. Idempotent: the libraries are extracted
# again only when the jar changes, the binary is relinked only when it is out of date.
#
# Environment: TF_NATIVE_JAR (the jar to use), CC (default gcc), CFLAGS (default -O2).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
build="$here/build"
lib="$build/lib"
bin="$build/gan-generate"
src="$here/gan_generate.c"
CC="${CC:-gcc}"
CFLAGS="${CFLAGS:--O2}"
jar_name="tensorflow-core-native-1.0.0-linux-x86_64.jar"
in_jar="org/tensorflow/internal/c_api/linux-x86_64"
libs=(libtensorflow_cc.so.2 libtensorflow_framework.so.2)

die() {
  echo "native/build.sh: error: $*" >&2
  exit 1
}

[[ "$(uname -s)-$(uname -m)" == "Linux-x86_64" ]] || die "only linux-x86_64 is supported"
command -v "$CC" >/dev/null || die "C compiler '$CC' not found"
command -v unzip >/dev/null || die "unzip not found"

jar="${TF_NATIVE_JAR:-}"
if [[ -z "$jar" ]]; then
  for candidate in "$root/target/lib/$jar_name" \
    "${HOME}/.m2/repository/org/tensorflow/tensorflow-core-native/1.0.0/$jar_name"; do
    if [[ -f "$candidate" ]]; then
      jar="$candidate"
      break
    fi
  done
fi
[[ -n "$jar" && -f "$jar" ]] ||
  die "$jar_name not found in target/lib or ~/.m2 (run 'mvn package' or set TF_NATIVE_JAR)"

# The stamp names the jar the libraries came from; extract into a temp folder, then move.
stamp="$(stat -c '%s %Y' "$jar") $jar_name"
if [[ ! -f "$lib/.stamp" || "$(cat "$lib/.stamp")" != "$stamp" ]] ||
  ! [[ -f "$lib/${libs[0]}" && -f "$lib/${libs[1]}" ]]; then
  echo "native/build.sh: extracting TensorFlow libraries from $jar" >&2
  mkdir -p "$build"
  tmp="$(mktemp -d "$build/.lib-XXXXXX")"
  trap 'rm -rf "$tmp"' EXIT
  unzip -q -o -j "$jar" "${libs[@]/#/$in_jar/}" -d "$tmp"
  echo "$stamp" >"$tmp/.stamp"
  rm -rf "$lib"
  chmod 755 "$tmp"
  mv "$tmp" "$lib"
  trap - EXIT
fi

if [[ ! -x "$bin" || "$src" -nt "$bin" || "$lib/.stamp" -nt "$bin" || "$here/build.sh" -nt "$bin" ]]; then
  echo "native/build.sh: compiling $bin" >&2
  # -l: names the versioned soname (the jar has no unversioned libtensorflow_cc.so);
  # rpath $ORIGIN/lib finds it at run time, libtensorflow_cc's own $ORIGIN runpath the framework.
  # shellcheck disable=SC2086,SC2016
  "$CC" -std=c11 $CFLAGS -Wall -Wextra -o "$bin.tmp" "$src" \
    -L"$lib" -l:libtensorflow_cc.so.2 -Wl,-rpath-link,"$lib" -Wl,-rpath,'$ORIGIN/lib'
  mv "$bin.tmp" "$bin"
fi
echo "$bin"
