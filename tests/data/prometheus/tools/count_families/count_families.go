// Command count_families parses a Prometheus text-format (0.0.4) file with the
// Prometheus project's own parser, expfmt.TextParser from
// github.com/prometheus/common (Debian golang-github-prometheus-common-dev), and
// prints what it found as JSON: per family its name (as in the # TYPE line), type,
// help, unit (always "" in this format), series count, sample-line count (every
// _bucket, _sum and _count line counts) and the parsed values. Sightline's tests
// compare their import of the same file with this file, so the counts come from a
// real parser rather than from counting lines by hand.
//
// Usage: count_families FILE > expected.json
package main

import (
	"encoding/json"
	"fmt"
	"math"
	"os"
	"sort"
	"strconv"
	"strings"

	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
)

type series struct {
	Labels    map[string]string `json:"labels"`
	Value     string            `json:"value,omitempty"`
	Buckets   [][2]string       `json:"buckets,omitempty"`
	Quantiles [][2]string       `json:"quantiles,omitempty"`
	Sum       string            `json:"sum,omitempty"`
	Count     string            `json:"count,omitempty"`
	Timestamp *int64            `json:"timestamp_ms,omitempty"`
}

type family struct {
	Name    string   `json:"name"`
	Type    string   `json:"type"`
	Help    string   `json:"help"`
	Unit    string   `json:"unit"`
	Series  int      `json:"series"`
	Samples int      `json:"samples"`
	Points  []series `json:"points"`
}

type report struct {
	File     string   `json:"file"`
	Parser   string   `json:"parser"`
	Families int      `json:"families"`
	Series   int      `json:"series"`
	Samples  int      `json:"samples"`
	List     []family `json:"family_list"`
}

// formatFloat prints a value the way the exposition formats spell it, so that NaN and
// the infinities survive JSON.
func formatFloat(v float64) string {
	switch {
	case math.IsNaN(v):
		return "NaN"
	case math.IsInf(v, 1):
		return "+Inf"
	case math.IsInf(v, -1):
		return "-Inf"
	}
	return strconv.FormatFloat(v, 'g', -1, 64)
}

func labelsOf(m *dto.Metric) map[string]string {
	labels := map[string]string{}
	for _, pair := range m.GetLabel() {
		labels[pair.GetName()] = pair.GetValue()
	}
	return labels
}

// describe returns one series and the number of sample lines it was written as.
func describe(t dto.MetricType, m *dto.Metric) (series, int) {
	s := series{Labels: labelsOf(m)}
	if m.TimestampMs != nil {
		s.Timestamp = m.TimestampMs
	}
	switch t {
	case dto.MetricType_COUNTER:
		s.Value = formatFloat(m.GetCounter().GetValue())
		return s, 1
	case dto.MetricType_GAUGE:
		s.Value = formatFloat(m.GetGauge().GetValue())
		return s, 1
	case dto.MetricType_UNTYPED:
		s.Value = formatFloat(m.GetUntyped().GetValue())
		return s, 1
	case dto.MetricType_SUMMARY:
		summary := m.GetSummary()
		lines := len(summary.GetQuantile())
		for _, q := range summary.GetQuantile() {
			s.Quantiles = append(s.Quantiles, [2]string{formatFloat(q.GetQuantile()), formatFloat(q.GetValue())})
		}
		if summary.SampleSum != nil {
			s.Sum = formatFloat(summary.GetSampleSum())
			lines++
		}
		if summary.SampleCount != nil {
			s.Count = strconv.FormatUint(summary.GetSampleCount(), 10)
			lines++
		}
		return s, lines
	case dto.MetricType_HISTOGRAM:
		histogram := m.GetHistogram()
		lines := len(histogram.GetBucket())
		for _, b := range histogram.GetBucket() {
			s.Buckets = append(s.Buckets, [2]string{formatFloat(b.GetUpperBound()), strconv.FormatUint(b.GetCumulativeCount(), 10)})
		}
		if histogram.SampleSum != nil {
			s.Sum = formatFloat(histogram.GetSampleSum())
			lines++
		}
		if histogram.SampleCount != nil {
			s.Count = strconv.FormatUint(histogram.GetSampleCount(), 10)
			lines++
		}
		return s, lines
	}
	panic(fmt.Sprintf("unexpected metric type %v", t))
}

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: count_families FILE")
		os.Exit(2)
	}
	in, err := os.Open(os.Args[1])
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	defer in.Close()
	var parser expfmt.TextParser
	families, err := parser.TextToMetricFamilies(in)
	if err != nil {
		fmt.Fprintf(os.Stderr, "%s: %v\n", os.Args[1], err)
		os.Exit(1)
	}

	names := make([]string, 0, len(families))
	for name := range families {
		names = append(names, name)
	}
	sort.Strings(names)

	name := os.Args[1]
	if slash := strings.LastIndexByte(name, '/'); slash >= 0 {
		name = name[slash+1:]
	}
	out := report{File: name, Parser: "github.com/prometheus/common/expfmt.TextParser (Debian golang-github-prometheus-common-dev 0.39.0)"}
	for _, n := range names {
		mf := families[n]
		f := family{
			Name: mf.GetName(),
			Type: strings.ToLower(mf.GetType().String()),
			Help: mf.GetHelp(),
			Unit: "",
		}
		for _, m := range mf.GetMetric() {
			s, lines := describe(mf.GetType(), m)
			f.Points = append(f.Points, s)
			f.Samples += lines
		}
		f.Series = len(mf.GetMetric())
		out.List = append(out.List, f)
		out.Series += f.Series
		out.Samples += f.Samples
	}
	out.Families = len(out.List)

	encoder := json.NewEncoder(os.Stdout)
	encoder.SetIndent("", " ")
	encoder.SetEscapeHTML(false)
	if err := encoder.Encode(out); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
