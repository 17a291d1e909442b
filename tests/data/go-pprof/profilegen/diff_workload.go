package main

import "sync"

// diffWorkload is the same program before and after a change: after it,
// parseRequest does 3× the work and encodeResponse a third of it, while
// routeRequest is unchanged. pprof -diff_base shows the first growing and the
// second shrinking.
func diffWorkload(after bool) {
	parse, encode := 80_000_000, 240_000_000
	if after {
		parse, encode = 240_000_000, 80_000_000
	}
	var wg sync.WaitGroup
	wg.Add(2)
	go func() {
		defer wg.Done()
		keep(serveRequests(parse, encode))
	}()
	go func() {
		defer wg.Done()
		keep(routeRequest(160_000_000))
	}()
	wg.Wait()
}

//go:noinline
func serveRequests(parse, encode int) uint64 { return parseRequest(parse) + encodeResponse(encode) }

//go:noinline
func parseRequest(n int) uint64 { return leafWork(n) }

//go:noinline
func encodeResponse(n int) uint64 { return hashLoop(n) }

//go:noinline
func routeRequest(n int) uint64 { return hashLoop(n) }
