// Command make_metrics_snapshot writes a large synthetic Prometheus text-format
// (0.0.4) snapshot for the metrics import benchmarks: families of counters, gauges,
// classic histograms (10 buckets + +Inf, _sum, _count) and summaries (3 quantiles,
// _sum, _count) with label sets like those of real Kubernetes services. It stops at
// the first complete series once -lines sample lines are written. Standard library
// only; the same flags give the same bytes.
//
// Usage: make_metrics_snapshot -lines 1000000 -out FILE [-seed N]
package main

import (
	"bufio"
	"flag"
	"fmt"
	"log"
	"math/rand"
	"os"
	"strconv"
)

type kind int

const (
	counter kind = iota
	gauge
	histogram
	summary
)

func (k kind) String() string {
	return [...]string{"counter", "gauge", "histogram", "summary"}[k]
}

type familySpec struct {
	name   string
	kind   kind
	help   string
	labels []string
}

// Templates; each is instantiated for several subsystems so that there are a few
// hundred families, as on a busy Prometheus target or a federated dump.
var templates = []familySpec{
	{"http_server_requests_total", counter, "HTTP requests served.", []string{"service", "instance", "method", "route", "code"}},
	{"http_server_request_duration_seconds", histogram, "HTTP server latency.", []string{"service", "instance", "method", "route"}},
	{"http_client_request_duration_seconds", histogram, "HTTP client latency by peer.", []string{"service", "instance", "peer", "method"}},
	{"rpc_server_handled_total", counter, "RPCs completed on the server.", []string{"service", "instance", "grpc_service", "grpc_method", "grpc_code"}},
	{"rpc_server_latency_seconds", summary, "RPC latency quantiles.", []string{"service", "instance", "grpc_method"}},
	{"container_cpu_usage_seconds_total", counter, "Cumulative CPU time consumed.", []string{"namespace", "pod", "container", "node"}},
	{"container_memory_working_set_bytes", gauge, "Current working set.", []string{"namespace", "pod", "container", "node"}},
	{"node_filesystem_avail_bytes", gauge, "Filesystem space available.", []string{"instance", "device", "mountpoint", "fstype"}},
	{"db_pool_connections", gauge, "Connections by state.", []string{"service", "instance", "pool", "state"}},
	{"queue_messages_processed_total", counter, "Messages processed.", []string{"service", "instance", "queue", "outcome"}},
	{"cache_requests_total", counter, "Cache lookups.", []string{"service", "instance", "cache", "result"}},
	{"job_duration_seconds", histogram, "Batch job duration.", []string{"service", "job_name"}},
}

var subsystems = []string{"", "checkout_", "payments_", "inventory_", "search_", "auth_", "orders_", "shipping_",
	"catalog_", "pricing_", "reviews_", "cart_", "notify_", "media_", "ledger_", "fraud_"}

var buckets = []string{"0.005", "0.01", "0.025", "0.05", "0.1", "0.25", "0.5", "1", "2.5", "5", "+Inf"}
var quantiles = []string{"0.5", "0.9", "0.99"}

// labelValue picks a realistic value for a label name; a few route values need escapes.
func labelValue(r *rand.Rand, name string) string {
	switch name {
	case "service":
		return fmt.Sprintf("svc-%02d", r.Intn(40))
	case "instance":
		return fmt.Sprintf("10.%d.%d.%d:%d", r.Intn(4), r.Intn(256), r.Intn(256), 8080+r.Intn(3))
	case "method":
		return []string{"GET", "POST", "PUT", "DELETE", "PATCH"}[r.Intn(5)]
	case "route":
		if r.Intn(200) == 0 {
			return `/search?q=\"quoted\"&path=C:\\tmp`
		}
		return fmt.Sprintf("/api/v%d/resource%03d/{id}", 1+r.Intn(3), r.Intn(300))
	case "code":
		return []string{"200", "200", "200", "201", "204", "400", "404", "500", "503"}[r.Intn(9)]
	case "peer":
		return fmt.Sprintf("peer-%02d.default.svc.cluster.local", r.Intn(60))
	case "grpc_service":
		return fmt.Sprintf("acme.v1.Service%02d", r.Intn(30))
	case "grpc_method":
		return fmt.Sprintf("Method%03d", r.Intn(200))
	case "grpc_code":
		return []string{"OK", "OK", "OK", "NotFound", "Unavailable", "DeadlineExceeded", "Internal"}[r.Intn(7)]
	case "namespace":
		return fmt.Sprintf("team-%02d", r.Intn(50))
	case "pod":
		return fmt.Sprintf("app-%04d-%08x-%05x", r.Intn(5000), r.Uint32(), r.Intn(1<<20))
	case "container":
		return []string{"app", "istio-proxy", "log-shipper", "init"}[r.Intn(4)]
	case "node":
		return fmt.Sprintf("ip-10-0-%d-%d.ec2.internal", r.Intn(256), r.Intn(256))
	case "device":
		return fmt.Sprintf("/dev/nvme%dn1p%d", r.Intn(4), 1+r.Intn(4))
	case "mountpoint":
		return fmt.Sprintf("/var/lib/kubelet/pods/%08x/volumes/vol-%d", r.Uint32(), r.Intn(10))
	case "fstype":
		return []string{"ext4", "xfs", "overlay", "tmpfs"}[r.Intn(4)]
	case "pool":
		return []string{"primary", "replica", "analytics"}[r.Intn(3)]
	case "state":
		return []string{"idle", "busy", "waiting"}[r.Intn(3)]
	case "queue":
		return fmt.Sprintf("queue-%03d", r.Intn(400))
	case "outcome":
		return []string{"ok", "retry", "failed"}[r.Intn(3)]
	case "cache":
		return fmt.Sprintf("cache-%02d", r.Intn(30))
	case "result":
		return []string{"hit", "miss", "expired"}[r.Intn(3)]
	case "job_name":
		return fmt.Sprintf("nightly-%04d", r.Intn(3000))
	}
	return strconv.Itoa(r.Intn(1000))
}

func main() {
	lines := flag.Int("lines", 1000000, "sample lines to write (each is one Prometheus TSDB series)")
	out := flag.String("out", "", "output file")
	seed := flag.Int64("seed", 1, "random seed")
	flag.Parse()
	if *out == "" {
		log.Fatal("-out is required")
	}
	file, err := os.Create(*out)
	if err != nil {
		log.Fatal(err)
	}
	w := bufio.NewWriterSize(file, 1<<20)
	r := rand.New(rand.NewSource(*seed))

	var families []familySpec
	for _, sub := range subsystems {
		for _, t := range templates {
			families = append(families, familySpec{sub + t.name, t.kind, t.help, t.labels})
		}
	}
	// Lines per family: an even share, so that all families are present.
	perFamily := *lines / len(families)
	written, seriesCount := 0, 0
	for fi, f := range families {
		budget := perFamily
		if fi == len(families)-1 {
			budget = *lines - written
		}
		fmt.Fprintf(w, "# HELP %s %s\n# TYPE %s %s\n", f.name, f.help, f.name, f.kind)
		seen := map[string]bool{}
		familyLines := 0
		for familyLines < budget {
			labels := ""
			for i, name := range f.labels {
				if i > 0 {
					labels += ","
				}
				labels += name + `="` + labelValue(r, name) + `"`
			}
			if seen[labels] {
				continue
			}
			seen[labels] = true
			seriesCount++
			switch f.kind {
			case counter:
				fmt.Fprintf(w, "%s{%s} %d\n", f.name, labels, r.Int63n(1<<40))
				familyLines++
			case gauge:
				fmt.Fprintf(w, "%s{%s} %s\n", f.name, labels, strconv.FormatFloat(r.ExpFloat64()*1e9, 'g', -1, 64))
				familyLines++
			case histogram:
				cumulative := 0
				for _, le := range buckets {
					cumulative += r.Intn(500)
					fmt.Fprintf(w, "%s_bucket{%s,le=\"%s\"} %d\n", f.name, labels, le, cumulative)
				}
				fmt.Fprintf(w, "%s_sum{%s} %s\n", f.name, labels, strconv.FormatFloat(float64(cumulative)*r.Float64()*0.3, 'g', -1, 64))
				fmt.Fprintf(w, "%s_count{%s} %d\n", f.name, labels, cumulative)
				familyLines += len(buckets) + 2
			case summary:
				v := r.Float64() * 0.05
				for _, q := range quantiles {
					v *= 1 + r.Float64()*2
					fmt.Fprintf(w, "%s{%s,quantile=\"%s\"} %s\n", f.name, labels, q, strconv.FormatFloat(v, 'g', -1, 64))
				}
				count := r.Intn(100000)
				fmt.Fprintf(w, "%s_sum{%s} %s\n", f.name, labels, strconv.FormatFloat(float64(count)*v*0.4, 'g', -1, 64))
				fmt.Fprintf(w, "%s_count{%s} %d\n", f.name, labels, count)
				familyLines += len(quantiles) + 2
			}
		}
		written += familyLines
	}
	if err := w.Flush(); err != nil {
		log.Fatal(err)
	}
	if err := file.Close(); err != nil {
		log.Fatal(err)
	}
	fmt.Fprintf(os.Stderr, "%s: %d families, %d series (label sets), %d sample lines\n", *out, len(families), seriesCount, written)
}
