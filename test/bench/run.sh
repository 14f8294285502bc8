#!/bin/sh
# Builds the engine in Release and runs the engine benchmark against graphql-js on the same
# schema, document and data, then prints the speed ratios (issue 3: parse+validate >= 10x,
# execute >= 5x). Usage: test/bench/run.sh [SECONDS_PER_PHASE]
set -eu
SRC=$(cd "$(dirname "$0")/../.." && pwd)
BUILD="${BENCH_BUILD_DIR:-$SRC/build-bench}"
SECONDS_PER_PHASE="${1:-1}"

LOG=$(mktemp)
if ! { cmake -S "$SRC" -B "$BUILD" -DCMAKE_BUILD_TYPE=Release &&
       cmake --build "$BUILD" --target bench_gql -j2; } >"$LOG" 2>&1; then
    cat "$LOG"
    rm -f "$LOG"
    exit 1
fi
rm -f "$LOG"
if [ ! -d "$SRC/test/js/node_modules/graphql" ]; then
    (cd "$SRC/test/js" && npm ci --no-audit --no-fund >/dev/null)
fi

OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
"$BUILD/bench/bench_gql" "$SRC" --seconds "$SECONDS_PER_PHASE" --out "$OUT/c.json" >"$OUT/c.txt"
node "$SRC/test/bench/bench_graphqljs.mjs" "$SRC" --seconds "$SECONDS_PER_PHASE" \
    --out "$OUT/js.json" >"$OUT/js.txt"

# Both engines must have produced the same response.
node -e '
const fs = require("fs");
const a = JSON.parse(fs.readFileSync(process.argv[1], "utf8"));
const b = JSON.parse(fs.readFileSync(process.argv[2], "utf8"));
const { isDeepStrictEqual } = require("util");
if (!isDeepStrictEqual(a, b)) { console.error("responses differ"); process.exit(1); }
' "$OUT/c.json" "$OUT/js.json"

get() { awk -v k="$2" '$1 == k { print $2 }' "$1"; }
printf '%-10s %12s %12s %8s\n' phase "C (us)" "graphql-js" ratio
for phase in parse validate execute total; do
    c=$(get "$OUT/c.txt" "${phase}_us")
    js=$(get "$OUT/js.txt" "${phase}_us")
    awk -v p="$phase" -v c="$c" -v j="$js" 'BEGIN { printf "%-10s %12.2f %12.2f %7.1fx\n", p, c, j, j / c }'
done
c_pv=$(awk -v a="$(get "$OUT/c.txt" parse_us)" -v b="$(get "$OUT/c.txt" validate_us)" 'BEGIN { print a + b }')
js_pv=$(awk -v a="$(get "$OUT/js.txt" parse_us)" -v b="$(get "$OUT/js.txt" validate_us)" 'BEGIN { print a + b }')
awk -v c="$c_pv" -v j="$js_pv" 'BEGIN { printf "%-10s %12.2f %12.2f %7.1fx\n", "parse+val", c, j, j / c }'
echo "document: test/bench/dashboard.graphql over schema/schema.graphql; responses identical"
