// Command metricsgen writes the demo's Prometheus snapshots with client_golang (Debian's
// golang-github-prometheus-client-golang-dev, GOPATH mode).
//
// Each process of the shop (inventory twice: it restarts) gets its own registry with real
// client_golang counters, histograms and gauges. The observations the Node half of the
// generator recorded (metrics-plan.json: every request with the duration of its span,
// fraud checks, lock waits, consumed orders, CPU seconds) are replayed in time order; at
// every scrape instant the registries of the processes that are up are gathered together
// — what Prometheus' /federate answers: every series with its job and instance label and
// the scrape's timestamp — and written in the text format 0.0.4 with expfmt. The
// timestamps come from a Collector that wraps each metric with NewMetricWithTimestamp, so
// a snapshot's time is in the file, not in its modification time.
//
// Usage: metricsgen -plan metrics-plan.json -out DIR
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/common/expfmt"
)

type process struct {
	ID       int     `json:"id"`
	Job      string  `json:"job"`
	Instance string  `json:"instance"`
	Runtime  string  `json:"runtime"`
	Start    string  `json:"start_unix_nano"`
	End      *string `json:"end_unix_nano"`
}

type sample struct {
	At     string            `json:"at"`
	Proc   int               `json:"proc"`
	Family string            `json:"family"`
	Labels map[string]string `json:"labels"`
	Value  float64           `json:"value"`
}

type snapshot struct {
	Time   string   `json:"time_unix_nano"`
	File   string   `json:"file"`
	Gauges []sample `json:"gauges"`
}

type plan struct {
	Processes []process  `json:"processes"`
	Events    []sample   `json:"events"`
	Snapshots []snapshot `json:"snapshots"`
}

type kind int

const (
	counter kind = iota
	histogram
	gauge
)

type familySpec struct {
	kind    kind
	help    string
	buckets []float64
}

var requestBuckets = []float64{0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10}

var families = map[string]familySpec{
	"http_requests_total":                  {counter, "Requests served, by method, route and status code.", nil},
	"http_server_request_duration_seconds": {histogram, "Duration of HTTP server requests.", requestBuckets},
	"grpc_server_handled_total":            {counter, "Total number of RPCs completed on the server, regardless of success or failure.", nil},
	"rpc_server_call_duration_seconds":     {histogram, "Duration of RPCs served.", requestBuckets},
	"fraud_check_duration_seconds": {histogram, "Time to score a payment for fraud.",
		[]float64{0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 1.5, 2, 2.5, 5}},
	"ledger_lock_wait_seconds": {histogram, "Time a ledger append waited for the ledger lock.",
		[]float64{0.0001, 0.001, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5}},
	"orders_processed_total":                 {counter, "Orders consumed from Kafka and stored.", nil},
	"messaging_process_duration_seconds":     {histogram, "Duration of processing a consumed message.", requestBuckets},
	"process_cpu_seconds_total":              {counter, "Total user and system CPU time spent in seconds.", nil},
	"process_start_time_seconds":             {gauge, "Start time of the process since unix epoch in seconds.", nil},
	"process_resident_memory_bytes":          {gauge, "Resident memory size in bytes.", nil},
	"process_open_fds":                       {gauge, "Number of open file descriptors.", nil},
	"go_goroutines":                          {gauge, "Number of goroutines that currently exist.", nil},
	"nodejs_eventloop_lag_seconds":           {gauge, "Lag of event loop in seconds.", nil},
	"nodejs_active_handles":                  {gauge, "Number of active libuv handles.", nil},
	"db_client_connections_usage":            {gauge, "The number of connections that are currently in the state described by the state label.", nil},
	"db_client_connections_max":              {gauge, "The maximum number of open connections allowed.", nil},
	"db_client_connections_pending_requests": {gauge, "The number of pending requests for an open connection.", nil},
	"kafka_consumergroup_lag":                {gauge, "Current approximate lag of the consumer group at topic/partition.", nil},
}

// timestamped is a Collector that hands out its inner collector's metrics with the
// current scrape's timestamp.
type timestamped struct {
	inner prometheus.Collector
	at    *time.Time
}

func (t timestamped) Describe(ch chan<- *prometheus.Desc) { t.inner.Describe(ch) }

func (t timestamped) Collect(ch chan<- prometheus.Metric) {
	metrics := make(chan prometheus.Metric)
	go func() {
		t.inner.Collect(metrics)
		close(metrics)
	}()
	for m := range metrics {
		ch <- prometheus.NewMetricWithTimestamp(*t.at, m)
	}
}

// instance is one process: a registry whose series carry job and instance, and its
// instruments, made when their first sample arrives.
type instance struct {
	process
	registry   *prometheus.Registry
	registerer prometheus.Registerer
	counters   map[string]*prometheus.CounterVec
	histograms map[string]*prometheus.HistogramVec
	gauges     map[string]*prometheus.GaugeVec
	start, end int64
}

func newInstance(p process) *instance {
	reg := prometheus.NewRegistry()
	in := &instance{
		process:    p,
		registry:   reg,
		registerer: prometheus.WrapRegistererWith(prometheus.Labels{"job": p.Job, "instance": p.Instance}, reg),
		counters:   map[string]*prometheus.CounterVec{},
		histograms: map[string]*prometheus.HistogramVec{},
		gauges:     map[string]*prometheus.GaugeVec{},
		start:      mustInt(p.Start),
		end:        -1,
	}
	if p.End != nil {
		in.end = mustInt(*p.End)
	}
	return in
}

func (in *instance) up(t int64) bool { return in.start <= t && (in.end < 0 || t < in.end) }

func labelNames(labels map[string]string) []string {
	names := make([]string, 0, len(labels))
	for k := range labels {
		names = append(names, k)
	}
	sort.Strings(names)
	return names
}

func (in *instance) apply(s sample, at *time.Time) error {
	spec, ok := families[s.Family]
	if !ok {
		return fmt.Errorf("unknown family %q", s.Family)
	}
	register := func(c prometheus.Collector) error {
		return in.registerer.Register(timestamped{inner: c, at: at})
	}
	switch spec.kind {
	case counter:
		vec, ok := in.counters[s.Family]
		if !ok {
			vec = prometheus.NewCounterVec(prometheus.CounterOpts{Name: s.Family, Help: spec.help}, labelNames(s.Labels))
			if err := register(vec); err != nil {
				return err
			}
			in.counters[s.Family] = vec
		}
		c, err := vec.GetMetricWith(s.Labels)
		if err != nil {
			return err
		}
		c.Add(s.Value)
	case histogram:
		vec, ok := in.histograms[s.Family]
		if !ok {
			vec = prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: s.Family, Help: spec.help, Buckets: spec.buckets}, labelNames(s.Labels))
			if err := register(vec); err != nil {
				return err
			}
			in.histograms[s.Family] = vec
		}
		h, err := vec.GetMetricWith(s.Labels)
		if err != nil {
			return err
		}
		h.Observe(s.Value)
	case gauge:
		vec, ok := in.gauges[s.Family]
		if !ok {
			vec = prometheus.NewGaugeVec(prometheus.GaugeOpts{Name: s.Family, Help: spec.help}, labelNames(s.Labels))
			if err := register(vec); err != nil {
				return err
			}
			in.gauges[s.Family] = vec
		}
		g, err := vec.GetMetricWith(s.Labels)
		if err != nil {
			return err
		}
		g.Set(s.Value)
	}
	return nil
}

func mustInt(s string) int64 {
	v, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		panic(err)
	}
	return v
}

func main() {
	planPath := flag.String("plan", "", "metrics-plan.json")
	outDir := flag.String("out", "", "output folder")
	flag.Parse()
	if *planPath == "" || *outDir == "" {
		flag.Usage()
		os.Exit(2)
	}
	if err := run(*planPath, *outDir); err != nil {
		fmt.Fprintln(os.Stderr, "metricsgen:", err)
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
	// The scrape instant every timestamped collector reports.
	var scrapeAt time.Time
	instances := make([]*instance, len(p.Processes))
	for i, proc := range p.Processes {
		if proc.ID != i {
			return fmt.Errorf("process ids must be 0..n-1")
		}
		instances[i] = newInstance(proc)
	}

	next := 0
	for _, snap := range p.Snapshots {
		t := mustInt(snap.Time)
		scrapeAt = time.Unix(0, t).UTC()
		for ; next < len(p.Events) && mustInt(p.Events[next].At) <= t; next++ {
			e := p.Events[next]
			if err := instances[e.Proc].apply(e, &scrapeAt); err != nil {
				return fmt.Errorf("event %d: %w", next, err)
			}
		}
		var gatherers prometheus.Gatherers
		for _, g := range snap.Gauges {
			if err := instances[g.Proc].apply(g, &scrapeAt); err != nil {
				return fmt.Errorf("%s: %w", snap.File, err)
			}
		}
		for _, in := range instances {
			if in.up(t) {
				gatherers = append(gatherers, in.registry)
			}
		}
		if err := write(filepath.Join(outDir, snap.File), gatherers); err != nil {
			return fmt.Errorf("%s: %w", snap.File, err)
		}
	}
	fmt.Printf("metricsgen: %d snapshots, %d observations\n", len(p.Snapshots), len(p.Events))
	return nil
}

func write(path string, gatherers prometheus.Gatherers) error {
	mfs, err := gatherers.Gather()
	if err != nil {
		return err
	}
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	enc := expfmt.NewEncoder(f, expfmt.FmtText)
	for _, mf := range mfs {
		if err := enc.Encode(mf); err != nil {
			f.Close()
			return err
		}
	}
	return f.Close()
}
