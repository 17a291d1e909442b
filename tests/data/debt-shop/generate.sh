#!/usr/bin/env bash
# Makes the debt-shop fixtures: a scripted git history of repo/, and every code-quality output
# Sightline's tech-debt importers read, each written by the real tool (see README.md).
#
# Prerequisites (Debian 12): apt-get install golang-go go-staticcheck cloc faketime git nodejs npm python3
# The npm tools (ESLint, its SARIF formatter, eslint-plugin-security, jscpd) are pinned in
# package-lock.json next to this script; `npm ci` runs here when node_modules/ is missing.
#
# Usage: tests/data/debt-shop/generate.sh      (rerunnable; rewrites the outputs in place)
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../../.." && pwd)
DEMO="$ROOT/resources/demo/debt"
# A fixed directory: staticcheck records it in its SARIF (invocations.workingDirectory) and
# ESLint's SARIF formatter writes absolute file:// URIs under it.
WORK=/tmp/sightline-debt-shop
# The tools that stamp the time (jscpd's detectionDate, cloc's elapsed_seconds) run under
# faketime with a frozen clock, so their files do not change from one run to the next.
FROZEN='2026-11-19 18:00:00'

export GOPROXY=off GOFLAGS=-mod=mod GOTOOLCHAIN=local GO111MODULE=on GOWORK=off
export TZ=UTC LC_ALL=C.UTF-8
export GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null
export JSCPD_NO_TIPS=1

say() { printf '== %s\n' "$*"; }
die() { printf 'generate.sh: %s\n' "$*" >&2; exit 1; }

for tool in go git node npm python3 cloc; do
    command -v "$tool" >/dev/null || die "$tool is missing (see the prerequisites at the top)"
done
STATICCHECK=$(command -v staticcheck || command -v go-staticcheck || true)
[ -n "$STATICCHECK" ] || die "staticcheck is missing: apt-get install go-staticcheck"
FROZEN_RUN=(faketime -f "$FROZEN")
if ! command -v faketime >/dev/null; then
    echo "generate.sh: faketime is missing (apt-get install faketime): jscpd's detectionDate and cloc's header will carry the real time" >&2
    FROZEN_RUN=()
fi

if [ ! -x "$HERE/node_modules/.bin/jscpd" ] || [ ! -x "$HERE/node_modules/.bin/eslint" ]; then
    say "npm ci (pinned tools from package-lock.json)"
    (cd "$HERE" && npm ci --no-audit --no-fund)
fi
NODE_BIN="$HERE/node_modules/.bin"

# ------------------------------------------------------------------------------ history
say "git history in $WORK"
rm -rf "$WORK"
mkdir -p "$WORK"
git -C "$WORK" init -q --template= -b main

# place PATH [FUNCTION...]: copy repo/PATH into the work tree, without the named functions
place() {
    local path=$1
    shift
    mkdir -p "$WORK/$(dirname "$path")"
    if [ $# -gt 0 ]; then
        python3 "$HERE/derive.py" strip "$HERE/repo/$path" "$WORK/$path" "$@"
    else
        cp "$HERE/repo/$path" "$WORK/$path"
    fi
}
# place_as SRC DST [FUNCTION...]: the same under another name (the file's old name)
place_as() {
    local src=$1 dst=$2
    shift 2
    mkdir -p "$WORK/$(dirname "$dst")"
    python3 "$HERE/derive.py" strip "$HERE/repo/$src" "$WORK/$dst" "$@"
}
# settle KIND NEW DEST: move the tool's NEW output to DEST, unless DEST already holds an output
# that says the same in another order. Go writes a coverprofile's files in map order and
# staticcheck its rules, so two runs differ in order only; keeping the committed file then
# lets a rerun leave the tree as it was. Either way DEST is a file the tool wrote.
settle() {
    local kind=$1 new=$2 dest=$3
    if [ -f "$dest" ] && python3 "$HERE/derive.py" same "$kind" "$dest" "$new"; then
        printf '   %s: same as the committed file but for the order, kept\n' "$(basename "$dest")"
        rm -f "$new"
    else
        mv "$new" "$dest"
    fi
}
# commit DATE "NAME <EMAIL>" MESSAGE: commit all of the work tree's changes
commit() {
    local date=$1 who=$2 msg=$3
    local name=${who% <*} email=${who#*<}
    email=${email%>}
    git -C "$WORK" add -A
    GIT_AUTHOR_NAME="$name" GIT_AUTHOR_EMAIL="$email" GIT_AUTHOR_DATE="$date" \
        GIT_COMMITTER_NAME="$name" GIT_COMMITTER_EMAIL="$email" GIT_COMMITTER_DATE="$date" \
        git -C "$WORK" commit -q -m "$msg"
    printf '   %s  %-22s %s\n' "$date" "$name" "$msg"
}
ANA='Ana Ruiz <ana.ruiz@shop.example>'
BEN='Ben Okafor <ben.okafor@shop.example>'
CHLOE='Chloé Martin <chloe.martin@shop.example>'
DMITRI='Dmitri Volkov <dmitri.volkov@shop.example>'
EVA='Eva Lindqvist <eva.lindqvist@shop.example>'

place go.mod
place CODEOWNERS
for f in main.go handler.go handler_test.go cart/cart.go cart/cart_test.go; do place "services/checkout/$f"; done
commit 2026-09-01T09:12:00+02:00 "$ANA" "Initial import: Go module, CODEOWNERS, checkout service"

for f in package.json routes.mjs public/favicon.png; do place "services/frontend/$f"; done
place services/frontend/server.mjs --sub 'PORT || 8080' 'PORT || 3000'
place services/frontend/render.js renderOrderHistory
place services/frontend/api.mjs checkAdminToken
commit 2026-09-02T16:40:00+01:00 "$BEN" "frontend: node server, product pages, favicon"

place services/payment/main.go --sub '":8082"' '":8080"'
place services/payment/service.go --sub 'score < 0.8' 'score < 0.9' \
    handleRefund handleReceipt renderReceipt isLargeAmount buildFeatureVector computeFraudScore
place services/payment/ledger.go Refund History reconcileBatch recomputeBalances writeCheckpoint
place services/payment/service_test.go TestLedgerRefund TestRenderReceipt
commit 2026-09-08T10:05:00+02:00 "$CHLOE" "payment: charge endpoint, fraud check and ledger"

for f in server.go server_test.go; do place "services/inventory/$f"; done
place services/inventory/main.go --sub 'poolSize: 20' 'poolSize: 10'
place services/inventory/stock/stock.go Search
place services/inventory/stock/stock_test.go TestSearch
commit 2026-09-15T14:30:00+03:00 "$DMITRI" "inventory: stock service with reservations"

place services/orders-worker/main.go
place_as services/orders-worker/consume.go services/orders-worker/handlers.go \
    --sub 'order %s is now created' 'order %s created' --sub 'order %s is now paid' 'order %s paid' \
    handleOrderShipped handleOrderCancelled
place services/orders-worker/worker_test.go TestDispatchCreated
commit 2026-09-22T11:00:00+02:00 "$EVA" "orders-worker: consume created and paid events"

place services/payment/service.go --sub 'score < 0.8' 'score < 0.9' handleRefund isLargeAmount buildFeatureVector computeFraudScore
place services/payment/service_test.go TestLedgerRefund
commit 2026-09-30T09:45:00+02:00 "$CHLOE" "payment: signed receipts"

place_as services/orders-worker/consume.go services/orders-worker/handlers.go \
    --sub 'order %s is now created' 'order %s created' --sub 'order %s is now paid' 'order %s paid' \
    --sub 'order %s is now shipped' 'order %s shipped' handleOrderCancelled
commit 2026-10-07T17:20:00+02:00 "$EVA" "orders-worker: shipped events (same as paid)"

place services/payment/main.go
place services/payment/ledger.go
place services/payment/service.go isLargeAmount buildFeatureVector computeFraudScore
place services/payment/service_test.go
commit 2026-10-14T08:55:00+02:00 "$CHLOE" "payment: refunds and the ledger reconcile job"

git -C "$WORK" mv services/orders-worker/handlers.go services/orders-worker/consume.go
place services/orders-worker/consume.go
commit 2026-10-21T13:10:00+02:00 "$EVA" "orders-worker: handlers.go renamed consume.go; cancelled events"

place services/inventory/main.go
place services/inventory/stock/stock.go
place services/inventory/stock/stock_test.go
commit 2026-10-28T15:00:00+01:00 "$DMITRI" "inventory: search by SKU substring"

git -C "$WORK" checkout -q -b fraud-graph
place services/payment/service.go
commit 2026-11-03T10:30:00+01:00 "$CHLOE" "payment: graph features in the fraud model (FRAUD_GRAPH_FEATURES=1)"

git -C "$WORK" checkout -q main
place services/orders-worker/retry.go
place services/orders-worker/worker_test.go
commit 2026-11-05T18:05:00-05:00 "$EVA" "orders-worker: retry failed events with backoff; dead letters"

GIT_AUTHOR_NAME="Ana Ruiz" GIT_AUTHOR_EMAIL=ana.ruiz@shop.example GIT_AUTHOR_DATE=2026-11-10T09:00:00+01:00 \
    GIT_COMMITTER_NAME="Ana Ruiz" GIT_COMMITTER_EMAIL=ana.ruiz@shop.example GIT_COMMITTER_DATE=2026-11-10T09:00:00+01:00 \
    git -C "$WORK" merge -q --no-ff -m "Merge branch 'fraud-graph'" fraud-graph
git -C "$WORK" branch -q -d fraud-graph
printf '   %s  %-22s %s\n' 2026-11-10T09:00:00+01:00 "Ana Ruiz" "Merge branch 'fraud-graph'"

place services/frontend/server.mjs
place services/frontend/render.js
place services/frontend/api.mjs
commit 2026-11-12T11:25:00+00:00 "$BEN" "frontend: order history page, admin token check"
git -C "$WORK" tag before

# The "before" state must be repo/ without the testing push's test file.
if ! diff -r -q -x .git -x fraud_more_test.go "$HERE/repo" "$WORK" >/dev/null; then
    diff -r -q -x .git -x fraud_more_test.go "$HERE/repo" "$WORK" || true
    die "the history's before state differs from repo/"
fi

# ------------------------------------------------------------------------ before: coverage
cd "$WORK"
say "go test at the before commit ($(git rev-parse --short HEAD))"
go test -p 1 -count=1 -coverprofile="$WORK.coverage-before.out" ./...
settle coverprofile "$WORK.coverage-before.out" "$HERE/coverage-before.out"
go tool cover -func="$HERE/coverage-before.out" > "$HERE/cover-func-before.txt"

# ------------------------------------------------------------------ the testing push (last)
place services/payment/fraud_more_test.go
commit 2026-11-19T10:00:00+01:00 "$CHLOE" "payment: tests for charges, refunds, receipts and the reconcile job"
git tag after
diff -r -q -x .git "$HERE/repo" "$WORK" >/dev/null || die "the last commit differs from repo/"

say "go test at the last commit ($(git rev-parse --short HEAD)): set, count and atomic"
go test -p 1 -count=1 -coverprofile="$WORK.coverage.out" ./...
settle coverprofile "$WORK.coverage.out" "$HERE/coverage.out"
go tool cover -func="$HERE/coverage.out" > "$HERE/cover-func.txt"
for mode in count atomic; do
    go test -p 1 -count=1 -covermode=$mode -coverprofile="$WORK.coverage-$mode.out" ./... >/dev/null
    settle coverprofile "$WORK.coverage-$mode.out" "$HERE/coverage-$mode.out"
    go tool cover -func="$HERE/coverage-$mode.out" > "$HERE/cover-func-$mode.txt"
done

# ------------------------------------------------------------------------------ staticcheck
say "$(basename "$STATICCHECK") -f sarif ./..."
rc=0
"$STATICCHECK" -f sarif ./... > "$WORK.staticcheck.sarif" || rc=$?
[ "$rc" -le 1 ] || die "staticcheck failed ($rc)"
settle sarif-rules "$WORK.staticcheck.sarif" "$HERE/staticcheck.sarif"

# ----------------------------------------------------------------------------------- eslint
say "eslint -f @microsoft/eslint-formatter-sarif services/frontend"
rc=0
"$NODE_BIN/eslint" --no-eslintrc -c "$HERE/eslintrc.json" --resolve-plugins-relative-to "$HERE" \
    -f "$HERE/node_modules/@microsoft/eslint-formatter-sarif/sarif.js" -o "$HERE/eslint.sarif" \
    services/frontend || rc=$?
[ "$rc" -le 1 ] || die "eslint failed ($rc)"

# ------------------------------------------------------------------------------------ jscpd
say "jscpd --min-lines 5 --reporters json --summary (Go and JavaScript, tests excluded)"
rm -rf "$WORK.jscpd"
"${FROZEN_RUN[@]}" "$NODE_BIN/jscpd" --min-lines 5 --format go,javascript --reporters json \
    --output "$WORK.jscpd" --ignore '**/.git/**,**/node_modules/**,**/*_test.go,**/*.test.js' \
    --summary --summary-top 1000 --silent .
mv "$WORK.jscpd/jscpd-report.json" "$HERE/jscpd-report.json"
rm -rf "$WORK.jscpd"

# ------------------------------------------------------------------------------------- cloc
say "cloc --json --by-file . ; cloc --json ."
"${FROZEN_RUN[@]}" cloc --quiet --json --by-file . > "$HERE/cloc.json"
"${FROZEN_RUN[@]}" cloc --quiet --json . > "$HERE/cloc-summary.json"

# ----------------------------------------------------------------------------- git numstat
say "git log --numstat --date=iso-strict"
git log --numstat --date=iso-strict > "$HERE/git-numstat.txt"

# --------------------------------------------------------- SonarQube answers, expected.json
say "derive.py: sonarqube/*.json and expected.json"
python3 "$HERE/derive.py" outputs --work "$WORK" --out "$HERE"

# --------------------------------------------------------------------------- demo's inputs
say "copy the demo's debt inputs to resources/demo/debt/"
mkdir -p "$DEMO/sonarqube"
for f in coverage.out cover-func.txt staticcheck.sarif eslint.sarif jscpd-report.json cloc.json \
         git-numstat.txt; do
    cp "$HERE/$f" "$DEMO/$f"
done
cp "$HERE/repo/CODEOWNERS" "$DEMO/CODEOWNERS"
for s in checkout frontend inventory orders-worker payment; do
    cp "$HERE/sonarqube/component-$s.json" "$DEMO/sonarqube/component-$s.json"
done

cd "$HERE"
say "done: $(git -C "$WORK" rev-list --count HEAD) commits in $WORK; outputs in $HERE and $DEMO"
