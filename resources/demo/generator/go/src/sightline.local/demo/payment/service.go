package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"runtime"
	"sync"
	"sync/atomic"
	"syscall"
	"time"
	"unsafe"
)

// server is the payment service's state: the fraud model, the ledger, the graph-feature
// cache (the memory that grew since the graph features were turned on) and its idle
// keep-alive connections and pool health checks (what a goroutine profile of a service
// shows besides the requests in flight).
type server struct {
	model  *fraudModel
	ledger *Ledger
	cache  *featureCache
	conns  []chan struct{}
	result uint64
}

func newServer() *server {
	s := &server{model: loadFraudModel(), ledger: newLedger(), cache: &featureCache{}}
	for i := 0; i < 24; i++ {
		c := make(chan struct{})
		s.conns = append(s.conns, c)
		go serveConn(c)
	}
	for i := 0; i < 4; i++ {
		go poolHealthCheck()
	}
	return s
}

func keepAlive(s *server) { runtime.KeepAlive(s) }

// serveConn is a keep-alive connection waiting for its next request.
//
//go:noinline
func serveConn(next <-chan struct{}) {
	for range next {
	}
}

//go:noinline
func poolHealthCheck() {
	for {
		time.Sleep(500 * time.Millisecond)
	}
}

// serve runs the planned work on `workers` request goroutines, each pinned to its thread so
// that the thread's CPU clock measures the work. Workers take items by an atomic index and
// the caller polls: no channel or WaitGroup wait ends up in the block profile.
func (s *server) serve(items []work, workers int) {
	var next int64 = -1
	var finished int32
	for w := 0; w < workers; w++ {
		go func() {
			runtime.LockOSThread()
			defer runtime.UnlockOSThread()
			for {
				i := atomic.AddInt64(&next, 1)
				if i >= int64(len(items)) {
					break
				}
				item := items[i]
				withSpanLabels(item.spanRef, func() { s.dispatch(item) })
			}
			atomic.AddInt32(&finished, 1)
		}()
	}
	for atomic.LoadInt32(&finished) < int32(workers) {
		time.Sleep(2 * time.Millisecond)
	}
}

func (s *server) dispatch(w work) {
	switch w.Kind {
	case "fraud", "charge":
		handleCharge(s, w)
	case "methods":
		handlePaymentMethods(w.CPUNs)
	case "receipt":
		handleReceipt(w.CPUNs)
	default:
		panic("unknown work kind " + w.Kind)
	}
}

// clockEvery: loops of a few microseconds per iteration read the clock (a system call)
// every few iterations, so that reading it is no noticeable share of the CPU profile.
const clockEvery = 8

// threadCPU is the CPU time (user + system) of the calling thread, in nanoseconds, from
// the thread's CPU clock: exact to the nanosecond, where getrusage(RUSAGE_THREAD) can move
// in scheduler ticks (milliseconds), too coarse for the after run's sub-millisecond checks.
func threadCPU() int64 {
	var ts syscall.Timespec
	const clockThreadCPUTimeID = 3 // CLOCK_THREAD_CPUTIME_ID
	_, _, errno := syscall.Syscall(syscall.SYS_CLOCK_GETTIME, clockThreadCPUTimeID, uintptr(unsafe.Pointer(&ts)), 0)
	if errno != 0 {
		panic(errno)
	}
	return ts.Nano()
}

// --- POST /charge ---

//go:noinline
func handleCharge(s *server, w work) {
	if w.Kind == "fraud" {
		atomic.AddUint64(&s.result, uint64(runFraudCheck(s, w.CPUNs, w.Slow)))
		return
	}
	// Decoding the request and encoding the answer.
	start := threadCPU()
	for threadCPU()-start < w.CPUNs {
		for i := 0; i < clockEvery; i++ {
			req := decodeChargeRequest()
			encodeChargeResponse(req)
		}
	}
}

type chargeRequest struct {
	OrderID  int      `json:"order_id"`
	Amount   float64  `json:"amount"`
	Currency string   `json:"currency"`
	Card     string   `json:"card_token"`
	Items    []string `json:"items"`
}

var chargeBody = []byte(`{"order_id":4711,"amount":219.97,"currency":"EUR","card_token":"tok_4f9c2e81d7",` +
	`"items":["SKU-1012","SKU-1207","SKU-1403","SKU-1710"]}`)

//go:noinline
func decodeChargeRequest() chargeRequest {
	var req chargeRequest
	if err := json.Unmarshal(chargeBody, &req); err != nil {
		panic(err)
	}
	return req
}

//go:noinline
func encodeChargeResponse(req chargeRequest) {
	out, err := json.Marshal(map[string]any{"order_id": req.OrderID, "status": "captured", "amount": req.Amount})
	if err != nil {
		panic(err)
	}
	_, _ = io.Discard.Write(out)
}

// --- the fraud check ---

type fraudModel struct {
	weights []float64
}

// loadFraudModel keeps the model's weights in memory for the life of the process.
//
//go:noinline
func loadFraudModel() *fraudModel {
	m := &fraudModel{weights: make([]float64, 1<<21)}
	for i := range m.weights {
		m.weights[i] = float64((i*7919)%1000)/500 - 1
	}
	return m
}

type featureCache struct {
	mu      sync.Mutex
	entries [][]float64
	// payment 3.1.1: the features it keeps per customer, graph features included, filled
	// off the request path (warm); a fraud check only reads them.
	scored []float64
}

//go:noinline
func (c *featureCache) warm() {
	c.scored = buildFeatureVector(true)
}

//go:noinline
func (c *featureCache) put(f []float64) {
	c.mu.Lock()
	c.entries = append(c.entries, f)
	c.mu.Unlock()
}

// buildFeatureVector: with graph features (slow), a large vector that the cache keeps.
//
//go:noinline
func buildFeatureVector(graph bool) []float64 {
	n := 4096
	if graph {
		n = 1 << 17
	}
	f := make([]float64, n)
	for i := range f {
		f[i] = float64(i%97) / 97
	}
	return f
}

//go:noinline
func runFraudCheck(s *server, cpuNs int64, graph bool) float64 {
	start := threadCPU()
	// payment 3.1.1 scores the cached features, a narrow stripe per call (a check is well
	// under a millisecond); 3.1.0 builds them for every check.
	features, stripe := s.cache.scored, 512
	if features == nil {
		features, stripe = buildFeatureVector(graph), 4096
	}
	score := 0.0
	for round := 0; threadCPU()-start < cpuNs; round++ {
		off := (round * stripe) % len(features)
		score += computeFraudScore(s.model.weights, features[off:off+stripe], round)
	}
	if graph && s.cache.scored == nil {
		s.cache.put(features)
	}
	return score
}

// computeFraudScore is the hot function: every feature against a stripe of the weights
// (about half a millisecond per call).
//
//go:noinline
func computeFraudScore(weights, features []float64, round int) float64 {
	mask := len(weights) - 1
	acc := 0.0
	for r := 0; r < 48; r++ {
		base := (round*48 + r) * 131
		for i, x := range features {
			w := weights[(base+i*17)&mask]
			v := x*w + 0.5
			if v < 0 {
				v = -v
			}
			acc += v / (1 + v)
		}
	}
	return acc
}

// --- GET /payment-methods and GET /payments/:order/receipt ---

//go:noinline
func handlePaymentMethods(cpuNs int64) {
	start := threadCPU()
	methods := []map[string]string{
		{"type": "card", "brand": "visa", "last4": "4242"},
		{"type": "card", "brand": "mastercard", "last4": "5100"},
		{"type": "sepa_debit", "iban_last4": "3000"},
	}
	for threadCPU()-start < cpuNs {
		for i := 0; i < clockEvery; i++ {
			out, err := json.Marshal(methods)
			if err != nil {
				panic(err)
			}
			_, _ = io.Discard.Write(out)
		}
	}
}

//go:noinline
func handleReceipt(cpuNs int64) {
	start := threadCPU()
	for threadCPU()-start < cpuNs {
		renderReceipt()
	}
}

//go:noinline
func renderReceipt() {
	var b bytes.Buffer
	for i := 0; i < 20; i++ {
		fmt.Fprintf(&b, "%-12s %3d x %8.2f EUR\n", fmt.Sprintf("SKU-%d", 1000+i), 1+i%3, 9.99+float64(i))
	}
	_, _ = io.Discard.Write(b.Bytes())
}

// --- the ledger and its reconciliation ---

type entry struct {
	account int
	amount  float64
}

// Ledger: appends (every charge) and the reconcile job share one sync.Mutex.
type Ledger struct {
	mu       sync.Mutex
	entries  []entry
	balances []float64
}

const ledgerAccounts = 4 // three merchants and the settlement account

func newLedger() *Ledger {
	l := &Ledger{balances: make([]float64, ledgerAccounts)}
	for i := 0; i < 200000; i++ {
		l.entries = append(l.entries, entry{i % 3, float64(i%500) / 10})
	}
	return l
}

// Append waits for the lock: while the reconcile job holds it, the charge just waits.
//
//go:noinline
func (l *Ledger) Append(account int, amount float64) {
	l.mu.Lock()
	l.entries = append(l.entries, entry{account, amount}, entry{ledgerAccounts - 1, -amount})
	l.mu.Unlock()
}

// reconcileBatch holds the ledger lock while it recomputes the balances (CPU) and writes a
// checkpoint (an fsync, here a sleep: no CPU) — the appends behind it wait the whole time.
//
//go:noinline
func (l *Ledger) reconcileBatch(cpuNs int64, holdNs int64, locked func(time.Time), during func()) {
	l.mu.Lock()
	lockedAt := time.Now()
	locked(lockedAt)
	l.recomputeBalances(cpuNs)
	if holdNs > 0 {
		l.writeCheckpoint(lockedAt, holdNs, during)
	}
	l.mu.Unlock()
}

//go:noinline
func (l *Ledger) recomputeBalances(cpuNs int64) {
	start := threadCPU()
	for threadCPU()-start < cpuNs {
		for k := range l.balances {
			l.balances[k] = 0
		}
		for _, e := range l.entries {
			l.balances[e.account] += e.amount
		}
	}
}

//go:noinline
func (l *Ledger) writeCheckpoint(lockedAt time.Time, holdNs int64, during func()) {
	if during != nil {
		during()
	}
	if rest := time.Until(lockedAt.Add(time.Duration(holdNs))); rest > 0 {
		time.Sleep(rest)
	}
}

// handleLedgerAppend is the ledger step of a POST /charge.
//
//go:noinline
func handleLedgerAppend(s *server, amount float64) {
	s.ledger.Append(1, amount)
}

// runReconcile replays the job's lock holds in order. Holds that delayed appends in the
// traces are replayed in real time with those appends waiting on the lock; the others
// only burn their CPU. During hold 14 the goroutine profile is taken.
func runReconcile(s *server, holds []hold, goroutines *bytes.Buffer) error {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	var profileErr error
	for _, h := range holds {
		h := h
		var lockedAt atomic.Int64
		var done int32
		// The waiters start unlabelled (from this goroutine) and take their span's labels
		// before they reach the lock, at the offset where they arrived in the trace.
		for _, w := range h.Waiters {
			w := w
			go func() {
				for lockedAt.Load() == 0 {
					time.Sleep(time.Millisecond)
				}
				arrive := time.Unix(0, lockedAt.Load()).Add(time.Duration(h.HoldNs - w.WaitNs))
				time.Sleep(time.Until(arrive))
				withSpanLabels(w.spanRef, func() { handleLedgerAppend(s, 42.5) })
				atomic.AddInt32(&done, 1)
			}()
		}
		holdNs := int64(0)
		var during func()
		if len(h.Waiters) > 0 {
			holdNs = h.HoldNs
			if h.Index == 14 {
				during = func() {
					// Let the waiters park on the lock, then take the goroutine profile.
					latest := int64(0)
					for _, w := range h.Waiters {
						if off := h.HoldNs - w.WaitNs; off > latest {
							latest = off
						}
					}
					time.Sleep(time.Until(time.Unix(0, lockedAt.Load()).Add(time.Duration(latest) + 150*time.Millisecond)))
					profileErr = pprofGoroutines(goroutines)
				}
			}
		}
		withSpanLabels(h.spanRef, func() {
			s.ledger.reconcileBatch(h.CPUNs, holdNs, func(t time.Time) { lockedAt.Store(t.UnixNano()) }, during)
		})
		for atomic.LoadInt32(&done) < int32(len(h.Waiters)) {
			time.Sleep(time.Millisecond)
		}
	}
	return profileErr
}
