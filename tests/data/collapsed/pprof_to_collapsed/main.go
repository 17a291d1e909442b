// Command pprof_to_collapsed prints a pprof profile as collapsed stacks: one
// line per sample, "root;caller;…;leaf value", frames by function name, inlined
// functions as frames of their own, the value of one sample type. Samples are
// not merged, so a stack can appear on several lines (e.g. with different
// labels); readers must add them up.
//
// It reads the profile with Debian's github.com/google/pprof/profile package
// (build in GOPATH mode: GO111MODULE=off GOPATH=/usr/share/gocode).
//
// Usage: pprof_to_collapsed [-sample_index N] PROFILE.pb.gz > OUT.txt
package main

import (
	"bufio"
	"flag"
	"fmt"
	"os"
	"strings"

	"github.com/google/pprof/profile"
)

func main() {
	index := flag.Int("sample_index", 0, "which sample value to print")
	flag.Parse()
	if flag.NArg() != 1 {
		fmt.Fprintln(os.Stderr, "usage: pprof_to_collapsed [-sample_index N] PROFILE")
		os.Exit(2)
	}
	if err := run(flag.Arg(0), *index); err != nil {
		fmt.Fprintln(os.Stderr, "pprof_to_collapsed:", err)
		os.Exit(1)
	}
}

func run(path string, index int) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	p, err := profile.Parse(f)
	if err != nil {
		return err
	}
	if index < 0 || index >= len(p.SampleType) {
		return fmt.Errorf("sample index %d out of range (%d types)", index, len(p.SampleType))
	}
	w := bufio.NewWriter(os.Stdout)
	defer w.Flush()
	for _, s := range p.Sample {
		fmt.Fprintf(w, "%s %d\n", strings.Join(rootFirstFrames(s), ";"), s.Value[index])
	}
	return nil
}

// rootFirstFrames lists a sample's frames from the root to the leaf. pprof
// stores them the other way round: Location[0] is the leaf, and inside a
// location Line[0] is the innermost inlined function.
func rootFirstFrames(s *profile.Sample) []string {
	var frames []string
	for i := len(s.Location) - 1; i >= 0; i-- {
		lines := s.Location[i].Line
		for j := len(lines) - 1; j >= 0; j-- {
			name := "?"
			if fn := lines[j].Function; fn != nil {
				name = fn.Name
			}
			frames = append(frames, name)
		}
	}
	return frames
}
