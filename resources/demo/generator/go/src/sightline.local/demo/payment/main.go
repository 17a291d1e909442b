// Command payment replays the payment service's share of the demo traces under Go's
// runtime/pprof and writes its CPU, heap, mutex, block and goroutine profiles.
//
// The plan (payment-plan.json, written by the Node half of the generator) lists what
// payment did per span: CPU work (fraud checks, request handling) and the ledger lock
// holds of the reconcile job with the appends that waited for them. Every piece of work
// runs under pprof.Do with the labels span_id and trace_id of its span, so the CPU and
// goroutine profiles join the traces. CPU work runs until the thread has used the span's
// CPU time (CLOCK_THREAD_CPUTIME_ID), so a span's samples match its planned CPU time
// whatever the machine's load; waits really wait (on a sync.Mutex, recorded by the mutex
// and block profiles), burning no CPU.
//
// The replay compresses ten minutes into a few seconds of wall time; afterwards the
// profiles' time (and for CPU, duration) fields are set to the demo window with pprof's
// profile package, so that Sightline shows them next to the traces and metrics.
//
// The plan of the demo's after run sets fraud_feature_cache: payment 3.1.1 scores cached
// features, and the replay checks that main.computeFraudScore is no hotspot any more.
//
// Usage: payment -plan payment-plan.json -out DIR
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"strconv"
	"sync/atomic"
	"time"

	"github.com/google/pprof/profile"
)

type spanRef struct {
	TraceID  string `json:"trace_id"`
	SpanID   string `json:"span_id"`
	SpanName string `json:"span_name"`
}

type work struct {
	spanRef
	StartUnixNano string `json:"start_unix_nano"`
	Kind          string `json:"kind"`
	CPUNs         int64  `json:"cpu_ns"`
	Slow          bool   `json:"slow"`
}

type waiter struct {
	spanRef
	WaitNs int64 `json:"wait_ns"`
}

type hold struct {
	spanRef
	Index   int      `json:"index"`
	HoldNs  int64    `json:"hold_ns"`
	CPUNs   int64    `json:"cpu_ns"`
	Waiters []waiter `json:"waiters"`
}

type plan struct {
	ProfilePrefix         string `json:"profile_prefix"`
	ProfileComment        string `json:"profile_comment"`
	FraudFeatureCache     bool   `json:"fraud_feature_cache"`
	Work                  []work `json:"work"`
	Holds                 []hold `json:"holds"`
	ReconcileStart        string `json:"reconcile_start_unix_nano"`
	ReconcileEnd          string `json:"reconcile_end_unix_nano"`
	CPUTimeUnixNano       string `json:"cpu_time_unix_nano"`
	CPUDurationNs         string `json:"cpu_duration_ns"`
	GoroutineTimeUnixNano string `json:"goroutine_time_unix_nano"`
	EndTimeUnixNano       string `json:"end_time_unix_nano"`
}

func main() {
	planPath := flag.String("plan", "", "payment-plan.json")
	outDir := flag.String("out", "", "output folder")
	flag.Parse()
	if *planPath == "" || *outDir == "" {
		flag.Usage()
		os.Exit(2)
	}
	if err := run(*planPath, *outDir); err != nil {
		fmt.Fprintln(os.Stderr, "payment:", err)
		os.Exit(1)
	}
}

func run(planPath, outDir string) error {
	raw, err := os.ReadFile(planPath)
	if err != nil {
		return err
	}
	var p plan
	if err := json.Unmarshal(raw, &p); err != nil {
		return err
	}
	if p.ProfilePrefix == "" || p.ProfileComment == "" {
		return fmt.Errorf("%s: no profile_prefix or profile_comment", planPath)
	}

	runtime.SetMutexProfileFraction(1)
	runtime.SetBlockProfileRate(1)
	srv := newServer()
	if p.FraudFeatureCache {
		srv.cache.warm()
	}

	var cpu bytes.Buffer
	if err := pprof.StartCPUProfile(&cpu); err != nil {
		return err
	}
	started := time.Now()
	// In the order of the traces: the requests before the reconcile job, the job's lock
	// holds side by side with the requests that came in meanwhile (so the goroutine profile
	// taken during the job shows what was in flight then), and the requests after it.
	var before, during, after []work
	for _, w := range p.Work {
		switch start := parseInt(w.StartUnixNano); {
		case start < parseInt(p.ReconcileStart):
			before = append(before, w)
		case start < parseInt(p.ReconcileEnd):
			during = append(during, w)
		default:
			after = append(after, w)
		}
	}
	srv.serve(before, 2)
	var goroutines bytes.Buffer
	var jobDone atomic.Bool
	var jobErr error
	go func() {
		jobErr = runReconcile(srv, p.Holds, &goroutines)
		jobDone.Store(true)
	}()
	srv.serve(during, 1)
	for !jobDone.Load() {
		time.Sleep(5 * time.Millisecond)
	}
	if jobErr != nil {
		return jobErr
	}
	srv.serve(after, 2)
	// Stopping the profiler waits on a channel: not a wait of the service's.
	runtime.SetBlockProfileRate(0)
	pprof.StopCPUProfile()
	fmt.Printf("payment: replayed %d pieces of work and %d lock holds in %.1f s\n",
		len(p.Work), len(p.Holds), time.Since(started).Seconds())

	runtime.GC()
	var heap, mutex, block bytes.Buffer
	if err := pprof.Lookup("heap").WriteTo(&heap, 0); err != nil {
		return err
	}
	if err := pprof.Lookup("mutex").WriteTo(&mutex, 0); err != nil {
		return err
	}
	if err := pprof.Lookup("block").WriteTo(&block, 0); err != nil {
		return err
	}
	keepAlive(srv)

	if err := checkCPU(cpu.Bytes(), p); err != nil {
		return err
	}

	end := parseInt(p.EndTimeUnixNano)
	outputs := []struct {
		name     string
		data     []byte
		time     int64
		duration int64
	}{
		{"cpu.pb.gz", cpu.Bytes(), parseInt(p.CPUTimeUnixNano), parseInt(p.CPUDurationNs)},
		{"heap.pb.gz", heap.Bytes(), end, 0},
		{"mutex.pb.gz", mutex.Bytes(), end, 0},
		{"block.pb.gz", block.Bytes(), end, 0},
		{"goroutine.pb.gz", goroutines.Bytes(), parseInt(p.GoroutineTimeUnixNano), 0},
	}
	for _, o := range outputs {
		o.name = p.ProfilePrefix + o.name
		if len(o.data) == 0 {
			return fmt.Errorf("%s: no profile was written", o.name)
		}
		if err := writeRetimed(filepath.Join(outDir, o.name), o.data, o.time, o.duration, p.ProfileComment); err != nil {
			return fmt.Errorf("%s: %w", o.name, err)
		}
	}
	return nil
}

func parseInt(s string) int64 {
	v, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		panic(err)
	}
	return v
}

// writeRetimed sets the profile's time (and a CPU profile's duration) to the demo's clock
// and writes it gzip-compressed, as go tool pprof -proto would.
func writeRetimed(path string, data []byte, timeNanos, durationNanos int64, comment string) error {
	prof, err := profile.ParseData(data)
	if err != nil {
		return err
	}
	prof.TimeNanos = timeNanos
	if durationNanos > 0 {
		prof.DurationNanos = durationNanos
	}
	prof.Comments = append(prof.Comments, comment)
	if err := prof.CheckValid(); err != nil {
		return err
	}
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := prof.Write(f); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// withSpanLabels runs fn under the span's pprof labels, as an OpenTelemetry-instrumented Go
// service would while the span is current.
func withSpanLabels(ref spanRef, fn func()) {
	pprof.Do(context.Background(), pprof.Labels("span_id", ref.SpanID, "trace_id", ref.TraceID),
		func(context.Context) { fn() })
}

func pprofGoroutines(buf *bytes.Buffer) error {
	return pprof.Lookup("goroutine").WriteTo(buf, 0)
}

// checkCPU verifies the CPU profile tells the planted story: every slow fraud check has
// CPU samples for most of its planned CPU time, and the ledger appends that waited on the
// lock have (almost) none. With the feature cache (the after run), main.computeFraudScore
// must stay under the 5 % of the profile that makes a CPU hotspot.
func checkCPU(data []byte, p plan) error {
	prof, err := profile.ParseData(data)
	if err != nil {
		return err
	}
	cpuIndex := -1
	for i, st := range prof.SampleType {
		if st.Type == "cpu" {
			cpuIndex = i
		}
	}
	if cpuIndex < 0 {
		return fmt.Errorf("the CPU profile has no cpu sample type")
	}
	bySpan := map[string]int64{}
	var total, fraudScore int64
	for _, s := range prof.Sample {
		if ids := s.Label["span_id"]; len(ids) == 1 {
			bySpan[ids[0]] += s.Value[cpuIndex]
		}
		total += s.Value[cpuIndex]
		if len(s.Location) > 0 && len(s.Location[0].Line) > 0 && s.Location[0].Line[0].Function.Name == "main.computeFraudScore" {
			fraudScore += s.Value[cpuIndex]
		}
	}
	if p.FraudFeatureCache {
		share := float64(fraudScore) / float64(total)
		if share >= 0.05 {
			return fmt.Errorf("main.computeFraudScore is %.1f %% of the CPU profile with the feature cache", share*100)
		}
		fmt.Printf("payment: main.computeFraudScore %.1f %% of %.2f s of CPU samples\n", share*100, float64(total)/1e9)
	}
	slow, least := 0, 1.0
	for _, w := range p.Work {
		if w.Kind == "fraud" && w.Slow {
			slow++
			ratio := float64(bySpan[w.SpanID]) / float64(w.CPUNs)
			if ratio < least {
				least = ratio
			}
			if ratio < 0.7 {
				return fmt.Errorf("fraud check %s: %d ns of CPU samples for %d ns planned", w.SpanID, bySpan[w.SpanID], w.CPUNs)
			}
		}
	}
	waiting, most := 0, int64(0)
	for _, h := range p.Holds {
		for _, w := range h.Waiters {
			waiting++
			if bySpan[w.SpanID] > most {
				most = bySpan[w.SpanID]
			}
			if bySpan[w.SpanID] > 20_000_000 {
				return fmt.Errorf("ledger append %s: %d ns of CPU samples while it waited", w.SpanID, bySpan[w.SpanID])
			}
		}
	}
	if slow > 0 {
		fmt.Printf("payment: %d slow fraud checks with >= %.0f %% of their CPU time in samples\n", slow, least*100)
	}
	fmt.Printf("payment: %d waiting ledger appends with <= %d ms of samples\n", waiting, most/1_000_000)
	return nil
}
