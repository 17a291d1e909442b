// Command make_large_trace writes one synthetic trace of -spans spans as OTLP/JSON
// (an ExportTraceServiceRequest) for the `sightline trace` benchmark: 20 services, 200
// operations, ~10 attributes of mixed types per span (those of
// bench/import_otlp_generator.h), events on a quarter of the spans, errors and a link now
// and then, all in a single trace. Standard library only; the same flags give the same bytes.
//
// Usage: make_large_trace -spans 100000 -out FILE [-seed N]
package main

import (
	"bufio"
	"encoding/hex"
	"encoding/json"
	"flag"
	"fmt"
	"log"
	"math/rand"
	"os"
	"strconv"
)

const (
	services   = 20
	operations = 200
)

type anyValue map[string]any

type keyValue struct {
	Key   string   `json:"key"`
	Value anyValue `json:"value"`
}

type event struct {
	TimeUnixNano string     `json:"timeUnixNano"`
	Name         string     `json:"name"`
	Attributes   []keyValue `json:"attributes"`
}

type link struct {
	TraceID    string     `json:"traceId"`
	SpanID     string     `json:"spanId"`
	Attributes []keyValue `json:"attributes"`
}

type status struct {
	Code    int    `json:"code"`
	Message string `json:"message,omitempty"`
}

type span struct {
	TraceID           string     `json:"traceId"`
	SpanID            string     `json:"spanId"`
	ParentSpanID      string     `json:"parentSpanId,omitempty"`
	Name              string     `json:"name"`
	Kind              int        `json:"kind"`
	StartTimeUnixNano string     `json:"startTimeUnixNano"`
	EndTimeUnixNano   string     `json:"endTimeUnixNano"`
	Attributes        []keyValue `json:"attributes"`
	Events            []event    `json:"events,omitempty"`
	Links             []link     `json:"links,omitempty"`
	Status            *status    `json:"status,omitempty"`
}

type scopeSpans struct {
	Scope map[string]string `json:"scope"`
	Spans []span            `json:"spans"`
}

type resourceSpans struct {
	Resource   map[string][]keyValue `json:"resource"`
	ScopeSpans []scopeSpans          `json:"scopeSpans"`
}

type request struct {
	ResourceSpans []resourceSpans `json:"resourceSpans"`
}

func str(key, value string) keyValue { return keyValue{key, anyValue{"stringValue": value}} }
func integer(key string, value int64) keyValue {
	return keyValue{key, anyValue{"intValue": strconv.FormatInt(value, 10)}}
}
func boolean(key string, value bool) keyValue { return keyValue{key, anyValue{"boolValue": value}} }
func double(key string, value float64) keyValue {
	return keyValue{key, anyValue{"doubleValue": value}}
}

func randomID(rng *rand.Rand, bytes int) string {
	b := make([]byte, bytes)
	rng.Read(b)
	b[0] |= 1 // never all zero
	return hex.EncodeToString(b)
}

func serviceName(s int) string { return "service-" + strconv.Itoa(s) }

func nanos(t uint64) string { return strconv.FormatUint(t, 10) }

func atLeastOne(v uint64) uint64 {
	if v < 1 {
		return 1
	}
	return v
}

type placed struct {
	id         string
	start, end uint64
}

func main() {
	count := flag.Int("spans", 100000, "spans in the trace")
	out := flag.String("out", "", "output file (OTLP/JSON)")
	seed := flag.Int64("seed", 1, "random seed")
	flag.Parse()
	if *out == "" || *count < 1 {
		log.Fatal("usage: make_large_trace -spans N -out FILE [-seed S]")
	}
	rng := rand.New(rand.NewSource(*seed))
	traceID := randomID(rng, 16)
	methods := []string{"GET", "POST", "PUT", "DELETE"}
	groups := make([][]span, services)
	spans := make([]placed, 0, *count)
	const t0 = uint64(1700000000000000000)
	for i := 0; i < *count; i++ {
		op := rng.Intn(operations)
		if i == 0 {
			op = rng.Intn(10)
		}
		service := op % services
		s := span{TraceID: traceID, SpanID: randomID(rng, 8)}
		if i == 0 {
			s.Kind = 2 // server
			spans = append(spans, placed{s.SpanID, t0, t0 + 60_000_000_000})
		} else {
			// Any earlier span as the parent: a random recursive tree, wide and ~ln(spans)
			// deep, like a large batch job's trace (nesting by recent parents would make a
			// 100k-span trace thousands of levels deep).
			parent := spans[rng.Intn(i)]
			s.ParentSpanID = parent.id
			s.Kind = 1 // internal
			if rng.Intn(3) == 0 {
				s.Kind = 3 // client
			}
			duration := parent.end - parent.start
			start := parent.start + uint64(rng.Int63n(int64(atLeastOne(duration-duration/10))))
			end := start + 1 + uint64(rng.Int63n(int64(parent.end-start)))
			spans = append(spans, placed{s.SpanID, start, end})
		}
		p := spans[i]
		s.StartTimeUnixNano, s.EndTimeUnixNano = nanos(p.start), nanos(p.end)
		db := op%5 == 2
		if db {
			s.Name = "SELECT orders.op" + strconv.Itoa(op)
		} else {
			s.Name = methods[op%4] + " /api/v1/op" + strconv.Itoa(op)
		}
		failed := rng.Intn(20) == 0
		code := int64(200)
		if failed {
			code = 503
		}
		s.Attributes = []keyValue{
			str("http.request.method", methods[op%4]),
			str("http.route", "/api/v1/op"+strconv.Itoa(op)),
			integer("http.response.status_code", code),
			str("server.address", serviceName(service)+".svc.cluster.local"),
			integer("server.port", int64(8080+service)),
			integer("thread.id", int64(1+rng.Intn(64))),
			boolean("sampled", true),
			double("app.payload.kb", float64(rng.Intn(100000))/100),
			str("enduser.id", "user-"+strconv.Itoa(rng.Intn(10000))),
		}
		if db {
			s.Attributes = append(s.Attributes, str("db.statement",
				"SELECT id, customer_id, total, created_at FROM orders WHERE customer_id = ? "+
					"AND status = 'open' ORDER BY created_at DESC LIMIT "+strconv.Itoa(10+op%90)))
		} else if rng.Intn(10) == 0 {
			s.Attributes = append(s.Attributes, keyValue{"app.tags", anyValue{"arrayValue": map[string]any{
				"values": []anyValue{{"stringValue": "beta"}, {"stringValue": "eu"}}}}})
		} else {
			s.Attributes = append(s.Attributes, str("network.transport", "tcp"))
		}
		if rng.Intn(4) == 0 {
			for e := 0; e < 1+rng.Intn(2); e++ {
				severity := "DEBUG"
				if e > 0 {
					severity = "INFO"
				}
				s.Events = append(s.Events, event{nanos(p.start + (p.end-p.start)/2), "log", []keyValue{
					str("log.severity", severity),
					str("log.message", "cache miss for key k"+strconv.Itoa(rng.Intn(1000))),
				}})
			}
		}
		if failed {
			s.Status = &status{Code: 2, Message: "upstream unavailable"}
			s.Events = append(s.Events, event{nanos(p.end), "exception", []keyValue{
				str("exception.type", "UnavailableError"), str("exception.message", "connection refused"),
			}})
		}
		if s.ParentSpanID != "" && rng.Intn(50) == 0 {
			s.Links = []link{{traceID, s.ParentSpanID, []keyValue{str("link.reason", "retry")}}}
		}
		groups[service] = append(groups[service], s)
	}

	var req request
	for service, group := range groups {
		if len(group) == 0 {
			continue
		}
		name := serviceName(service)
		req.ResourceSpans = append(req.ResourceSpans, resourceSpans{
			Resource: map[string][]keyValue{"attributes": {
				str("service.name", name),
				str("service.version", "1."+strconv.Itoa(service%4)+".0"),
				str("host.name", "node-"+strconv.Itoa(service%7)+".cluster.local"),
				str("deployment.environment", "production"),
			}},
			ScopeSpans: []scopeSpans{{
				Scope: map[string]string{"name": "io.opentelemetry.instrumentation.http", "version": "1.32.0"},
				Spans: group,
			}},
		})
	}
	file, err := os.Create(*out)
	if err != nil {
		log.Fatal(err)
	}
	w := bufio.NewWriterSize(file, 1<<20)
	if err := json.NewEncoder(w).Encode(req); err != nil {
		log.Fatal(err)
	}
	if err := w.Flush(); err != nil {
		log.Fatal(err)
	}
	if err := file.Close(); err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%s: trace %s, %d spans\n", *out, traceID, *count)
}
