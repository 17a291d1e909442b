// Command exporter is a small Go service instrumented with Debian's
// golang-github-prometheus-client-golang-dev (client_golang 1.14). It serves its
// registry on -listen at /metrics (Prometheus text 0.0.4, or OpenMetrics 1.0 when the
// scraper asks for it in its Accept header) and simulates traffic in rounds: every
// GET /tick?rounds=N runs N more simulated requests, so that the generation script
// decides exactly what each scrape sees. The workload comes from a seeded generator;
// only the exemplar timestamps and the Go runtime/process metrics vary between runs.
package main

import (
	"flag"
	"fmt"
	"log"
	"math"
	"math/rand"
	"net"
	"net/http"
	"strconv"
	"sync"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

type service struct {
	mu     sync.Mutex
	random *rand.Rand

	requests      *prometheus.CounterVec
	duration      *prometheus.HistogramVec
	rpcDuration   *prometheus.HistogramVec
	responseSize  *prometheus.SummaryVec
	inFlight      prometheus.Gauge
	poolInUse     *prometheus.GaugeVec
	cacheEntries  float64
	lastGCPauseMs float64
	rounds        int
}

var routes = []struct {
	method, route string
	medianSeconds float64
}{
	{"GET", "/v1/orders", 0.040},
	{"GET", "/v1/orders/{id}", 0.015},
	{"POST", "/v1/orders", 0.120},
	{"DELETE", "/v1/orders/{id}", 0.030},
}

func newService(seed int64, reg *prometheus.Registry) *service {
	s := &service{random: rand.New(rand.NewSource(seed))}
	s.requests = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "http_requests_total",
		Help: "Requests served, by method, route and status code.",
	}, []string{"method", "route", "code"})
	// A classic histogram (no native buckets: NativeHistogramBucketFactor stays 0).
	s.duration = prometheus.NewHistogramVec(prometheus.HistogramOpts{
		Name:    "http_server_request_duration_seconds",
		Help:    "Time to serve a request, by method and route.",
		Buckets: []float64{0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10},
	}, []string{"method", "route"})
	s.rpcDuration = prometheus.NewHistogramVec(prometheus.HistogramOpts{
		Namespace: "rpc",
		Subsystem: "client",
		Name:      "duration_seconds",
		Help:      "Outgoing RPC latency by peer service.",
		Buckets:   prometheus.ExponentialBuckets(0.001, 4, 7),
	}, []string{"peer_service", "rpc_method"})
	s.responseSize = prometheus.NewSummaryVec(prometheus.SummaryOpts{
		Name:       "http_response_size_bytes",
		Help:       "Size of response bodies.",
		Objectives: map[float64]float64{0.5: 0.05, 0.9: 0.01, 0.99: 0.001},
	}, []string{"route"})
	s.inFlight = prometheus.NewGauge(prometheus.GaugeOpts{
		Name: "http_requests_in_flight",
		Help: "Requests being served right now.",
	})
	s.poolInUse = prometheus.NewGaugeVec(prometheus.GaugeOpts{
		Name:        "db_pool_connections_in_use",
		Help:        "Open connections of the database pool that are in use.",
		ConstLabels: prometheus.Labels{"pool": "orders-primary"},
	}, []string{"state"})
	cacheEntries := prometheus.NewGaugeFunc(prometheus.GaugeOpts{
		Name: "cache_entries",
		Help: "Entries in the in-process cache.",
	}, func() float64 { return s.cacheEntries })
	gcPause := prometheus.NewUntypedFunc(prometheus.UntypedOpts{
		Name: "legacy_last_pause_milliseconds",
		Help: "An untyped value, as older exporters expose them.",
	}, func() float64 { return s.lastGCPauseMs })
	roundsDone := prometheus.NewCounterFunc(prometheus.CounterOpts{
		Name: "simulation_rounds_total",
		Help: "Simulated requests so far (a counter read from a function).",
	}, func() float64 { return float64(s.rounds) })
	info := prometheus.NewGauge(prometheus.GaugeOpts{
		Name:        "orders_build_info",
		Help:        "Build information of the orders service.",
		ConstLabels: prometheus.Labels{"version": "1.4.0", "revision": "0f3c2a9", "goversion": "go1.19"},
	})
	info.Set(1)

	reg.MustRegister(
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
		s.requests, s.duration, s.rpcDuration, s.responseSize, s.inFlight, s.poolInUse,
		cacheEntries, gcPause, roundsDone, info,
	)
	return s
}

func (s *service) traceID() string {
	return fmt.Sprintf("%016x%016x", s.random.Uint64(), s.random.Uint64())
}

// logNormal draws a latency around the median with a slow tail, rounded to microseconds.
func (s *service) logNormal(median float64) float64 {
	v := median * math.Exp(0.7*s.random.NormFloat64())
	return math.Round(v*1e6) / 1e6
}

func (s *service) simulate(rounds int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for i := 0; i < rounds; i++ {
		r := routes[s.random.Intn(len(routes))]
		code := "200"
		switch p := s.random.Float64(); {
		case p < 0.03:
			code = "503"
		case p < 0.08 && r.method != "GET":
			code = "409"
		}
		trace := prometheus.Labels{"trace_id": s.traceID()}
		s.requests.WithLabelValues(r.method, r.route, code).(prometheus.ExemplarAdder).AddWithExemplar(1, trace)
		seconds := s.logNormal(r.medianSeconds)
		s.duration.WithLabelValues(r.method, r.route).(prometheus.ExemplarObserver).ObserveWithExemplar(seconds, trace)
		peer := []string{"inventory", "payments"}[s.random.Intn(2)]
		s.rpcDuration.WithLabelValues(peer, "Reserve").Observe(s.logNormal(0.008))
		s.responseSize.WithLabelValues(r.route).Observe(float64(100 + s.random.Intn(50000)))
		s.rounds++
	}
	s.inFlight.Set(float64(s.random.Intn(12)))
	s.poolInUse.WithLabelValues("busy").Set(float64(s.random.Intn(20)))
	s.poolInUse.WithLabelValues("idle").Set(float64(s.random.Intn(5)))
	s.cacheEntries = float64(1000 + s.rounds*3)
	s.lastGCPauseMs = math.Round(s.random.Float64()*5000) / 1000
}

func main() {
	listen := flag.String("listen", "127.0.0.1:0", "address to serve /metrics and /tick on")
	seed := flag.Int64("seed", 1, "seed of the simulated workload")
	flag.Parse()

	reg := prometheus.NewRegistry()
	s := newService(*seed, reg)

	mux := http.NewServeMux()
	mux.Handle("/metrics", promhttp.HandlerFor(reg, promhttp.HandlerOpts{EnableOpenMetrics: true}))
	mux.HandleFunc("/tick", func(w http.ResponseWriter, r *http.Request) {
		rounds, err := strconv.Atoi(r.URL.Query().Get("rounds"))
		if err != nil || rounds < 0 {
			http.Error(w, "rounds must be a non-negative integer", http.StatusBadRequest)
			return
		}
		s.simulate(rounds)
		fmt.Fprintf(w, "%d\n", s.rounds)
	})

	listener, err := net.Listen("tcp", *listen)
	if err != nil {
		log.Fatal(err)
	}
	// The script reads the chosen port from the first line of stdout.
	fmt.Println(listener.Addr().String())
	log.Fatal(http.Serve(listener, mux))
}
