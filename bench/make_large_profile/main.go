// Command make_large_profile writes a large synthetic CPU profile for
// Sightline's flame-graph, import and `top` benchmarks. The file is written by
// Debian's github.com/google/pprof/profile package (the writer `go tool pprof`
// itself uses), gzip-compressed like the Go runtime's profiles.
//
// Samples are not merged: every sample is its own record with the values
// (1 sample, 10000000 ns), as a profile concatenated from many short CPU
// profiles would be. Every one of the distinct stacks occurs at least once;
// the remaining samples follow a Zipf distribution over the stacks, so a few
// stacks are hot and most are cold. Same parameters and seed, same bytes.
//
// Build in GOPATH mode: GO111MODULE=off GOPATH=/usr/share/gocode go build .
package main

import (
	"flag"
	"fmt"
	"math/rand"
	"os"
	"strings"
	"time"

	"github.com/google/pprof/profile"
)

type options struct {
	samples   int
	stacks    int
	depth     int
	functions int
	seed      int64
	out       string
}

func main() {
	var o options
	flag.IntVar(&o.samples, "samples", 1_000_000, "sample records (each value 1 / 10000000 ns)")
	flag.IntVar(&o.stacks, "stacks", 100_000, "distinct stacks")
	flag.IntVar(&o.depth, "depth", 30, "average stack depth")
	flag.IntVar(&o.functions, "functions", 5_000, "distinct functions")
	flag.Int64Var(&o.seed, "seed", 1, "random seed")
	flag.StringVar(&o.out, "out", "", "output file (.pb.gz)")
	flag.Parse()
	if err := o.validate(); err != nil {
		fmt.Fprintln(os.Stderr, "make_large_profile:", err)
		flag.Usage()
		os.Exit(2)
	}
	if err := write(o); err != nil {
		fmt.Fprintln(os.Stderr, "make_large_profile:", err)
		os.Exit(1)
	}
}

func (o options) validate() error {
	switch {
	case o.out == "":
		return fmt.Errorf("-out is required")
	case o.functions < 10 || o.depth < 2 || o.stacks < 1:
		return fmt.Errorf("need at least 10 functions, depth 2 and 1 stack")
	case o.samples < o.stacks:
		return fmt.Errorf("%d samples cannot cover %d distinct stacks", o.samples, o.stacks)
	}
	return nil
}

func write(o options) error {
	rng := rand.New(rand.NewSource(o.seed))
	p := newProfile(o.samples)
	locations := addFunctions(p, o.functions)
	callees := callGraph(rng, o.functions)
	stacks, err := distinctStacks(rng, locations, callees, o)
	if err != nil {
		return err
	}
	addSamples(p, rng, stacks, o.samples)

	f, err := os.Create(o.out)
	if err != nil {
		return err
	}
	if err := p.Write(f); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

const periodNanos = 10_000_000

// newProfile sets the duration to the samples' total CPU time, as if one CPU
// had been busy for the whole profile.
func newProfile(samples int) *profile.Profile {
	mapping := &profile.Mapping{
		ID: 1, Start: 0x400000, Limit: 0x4000000, File: "/usr/local/bin/shopd",
		HasFunctions: true, HasFilenames: true, HasLineNumbers: true,
	}
	return &profile.Profile{
		SampleType: []*profile.ValueType{
			{Type: "samples", Unit: "count"},
			{Type: "cpu", Unit: "nanoseconds"},
		},
		PeriodType:    &profile.ValueType{Type: "cpu", Unit: "nanoseconds"},
		Period:        periodNanos,
		TimeNanos:     time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC).UnixNano(),
		DurationNanos: int64(samples) * periodNanos,
		Mapping:       []*profile.Mapping{mapping},
	}
}

var subpackages = []string{"store", "http", "codec", "cache", "rpc", "sql", "auth", "queue"}

// locationsPerFunction call sites per function: stacks through the same
// function at different lines are different locations, as in real profiles.
const locationsPerFunction = 3

// addFunctions adds the functions "pkgN/sub.(*TypeM).methodK" (50 per package,
// 10 methods per type) and their locations; locations[f] lists function f's.
func addFunctions(p *profile.Profile, count int) [][]*profile.Location {
	locations := make([][]*profile.Location, count)
	for i := 0; i < count; i++ {
		pkg, typ, method := i/50, (i%50)/10, i%10
		sub := subpackages[pkg%len(subpackages)]
		fn := &profile.Function{
			ID:         uint64(i + 1),
			Name:       fmt.Sprintf("pkg%d/%s.(*Type%d).method%d", pkg, sub, typ, method),
			SystemName: fmt.Sprintf("pkg%d/%s.(*Type%d).method%d", pkg, sub, typ, method),
			Filename:   fmt.Sprintf("pkg%d/%s/type%d.go", pkg, sub, typ),
			StartLine:  int64(10 + 40*method),
		}
		p.Function = append(p.Function, fn)
		for l := 0; l < locationsPerFunction; l++ {
			loc := &profile.Location{
				ID:      uint64(len(p.Location) + 1),
				Mapping: p.Mapping[0],
				Address: 0x400000 + uint64(len(p.Location))*16,
				Line:    []profile.Line{{Function: fn, Line: fn.StartLine + int64(3+5*l)}},
			}
			p.Location = append(p.Location, loc)
			locations[i] = append(locations[i], loc)
		}
	}
	return locations
}

// callGraph gives every function a few callees, so that stacks share long
// prefixes like real programs' do instead of being random sequences.
func callGraph(rng *rand.Rand, functions int) [][]int {
	callees := make([][]int, functions)
	for f := range callees {
		n := 2 + rng.Intn(7)
		for i := 0; i < n; i++ {
			callees[f] = append(callees[f], rng.Intn(functions))
		}
	}
	return callees
}

// rootFunctions are the goroutine entry points every stack starts from.
const rootFunctions = 20

// distinctStacks draws stacks root to leaf along the call graph, depth uniform
// in [depth/2, 3·depth/2], until it has o.stacks distinct ones. The returned
// stacks are leaf first, as pprof stores them.
func distinctStacks(rng *rand.Rand, locations [][]*profile.Location, callees [][]int, o options) ([][]*profile.Location, error) {
	seen := make(map[string]bool, o.stacks)
	stacks := make([][]*profile.Location, 0, o.stacks)
	var key strings.Builder
	// Small depths may not allow that many distinct stacks: give up, not loop.
	for attempts := 0; len(stacks) < o.stacks; attempts++ {
		if attempts == 100*o.stacks {
			return nil, fmt.Errorf("found only %d distinct stacks of depth about %d", len(stacks), o.depth)
		}
		depth := o.depth/2 + rng.Intn(o.depth+1)
		rootFirst := make([]*profile.Location, depth)
		f := rng.Intn(rootFunctions)
		key.Reset()
		for d := 0; d < depth; d++ {
			loc := locations[f][rng.Intn(len(locations[f]))]
			rootFirst[d] = loc
			fmt.Fprintf(&key, "%d,", loc.ID)
			f = callees[f][rng.Intn(len(callees[f]))]
		}
		if seen[key.String()] {
			continue
		}
		seen[key.String()] = true
		for i, j := 0, len(rootFirst)-1; i < j; i, j = i+1, j-1 {
			rootFirst[i], rootFirst[j] = rootFirst[j], rootFirst[i]
		}
		stacks = append(stacks, rootFirst)
	}
	return stacks, nil
}

// addSamples adds one sample per stack, then the rest Zipf-distributed over the
// stacks, in shuffled order. Samples of a stack share its location slice.
func addSamples(p *profile.Profile, rng *rand.Rand, stacks [][]*profile.Location, count int) {
	order := make([]int, 0, count)
	for s := range stacks {
		order = append(order, s)
	}
	zipf := rand.NewZipf(rng, 1.1, 1, uint64(len(stacks)-1))
	for len(order) < count {
		order = append(order, int(zipf.Uint64()))
	}
	rng.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
	p.Sample = make([]*profile.Sample, count)
	for i, s := range order {
		p.Sample[i] = &profile.Sample{Location: stacks[s], Value: []int64{1, periodNanos}}
	}
}
