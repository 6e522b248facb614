# Shared by bench/run.sh and bench/profile.sh (sourced, not run). Expects `repo`, `work`
# and `seed` to be set; sets `bin`.

# Builds the release binaries the benchmark runs.
build_binaries() {
  echo "building the release binaries..." >&2
  cargo build --release --quiet --bin brief --bin brief-corpus --bin brief-bench --bin brief-floor
  bin="${CARGO_TARGET_DIR:-$repo/target}/release"
  mkdir -p "$work"
}

# Prints the folder of the corpus of $1 briefings (site/ and hugo/ inside), generating it
# once per seed and per version of the generator's source.
corpus() {
  local n=$1 stamp dir
  stamp=$(cat "$repo"/src/bin/brief-corpus/*.rs | sha1sum | cut -c1-12)
  dir="$work/corpus-$n-seed$seed"
  if [ "$(cat "$dir/.stamp" 2>/dev/null)" != "$stamp" ]; then
    rm -rf "$dir"
    echo "generating $n briefings..." >&2
    "$bin/brief-corpus" --out "$dir/site" --hugo "$dir/hugo" --briefings "$n" --seed "$seed" 2>/dev/null
    echo "$stamp" >"$dir/.stamp"
  fi
  echo "$dir"
}
