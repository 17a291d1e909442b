// Command profilegen runs small workloads under runtime/pprof and writes the
// resulting profiles exactly as the Go runtime produces them (gzip-compressed
// profile.proto). Sightline's pprof importer is tested against these files.
//
// Usage: profilegen -kind KIND -out FILE.pb.gz
package main

import (
	"flag"
	"fmt"
	"os"
	"runtime"
	"runtime/pprof"
	"time"
)

func main() {
	kind := flag.String("kind", "", "cpu | cpu_labels | cpu_before | cpu_after | heap | allocs | goroutine | mutex | block")
	out := flag.String("out", "", "output file (.pb.gz)")
	flag.Parse()
	if *kind == "" || *out == "" {
		flag.Usage()
		os.Exit(2)
	}
	if err := run(*kind, *out); err != nil {
		fmt.Fprintln(os.Stderr, "profilegen:", err)
		os.Exit(1)
	}
}

func run(kind, out string) error {
	f, err := os.Create(out)
	if err != nil {
		return err
	}
	defer f.Close()
	switch kind {
	case "cpu":
		return profileCPU(f, cpuWorkload)
	case "cpu_labels":
		return profileCPU(f, labelledWorkload)
	case "cpu_before":
		return profileCPU(f, func() { diffWorkload(false) })
	case "cpu_after":
		return profileCPU(f, func() { diffWorkload(true) })
	case "heap", "allocs":
		// Every allocation is recorded, so the values are exact, not estimates.
		runtime.MemProfileRate = 1
		heapWorkload()
		runtime.GC()
		runtime.GC()
		return pprof.Lookup(kind).WriteTo(f, 0)
	case "goroutine":
		release := parkGoroutines()
		defer release()
		// Give every goroutine the time to reach its blocking point.
		time.Sleep(200 * time.Millisecond)
		return pprof.Lookup("goroutine").WriteTo(f, 0)
	case "mutex":
		runtime.SetMutexProfileFraction(1)
		mutexWorkload()
		return pprof.Lookup("mutex").WriteTo(f, 0)
	case "block":
		runtime.SetBlockProfileRate(1)
		blockWorkload()
		return pprof.Lookup("block").WriteTo(f, 0)
	}
	return fmt.Errorf("unknown kind %q", kind)
}

func profileCPU(f *os.File, work func()) error {
	if err := pprof.StartCPUProfile(f); err != nil {
		return err
	}
	work()
	pprof.StopCPUProfile()
	return nil
}
