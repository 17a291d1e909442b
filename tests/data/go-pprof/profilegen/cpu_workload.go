package main

import "sync"

// sink keeps results alive so the compiler cannot drop the work.
var sink uint64

var sinkMu sync.Mutex

func keep(v uint64) {
	sinkMu.Lock()
	sink += v
	sinkMu.Unlock()
}

// cpuWorkload spends about 1.5 s of CPU in four goroutines with distinct shapes:
// plain recursion, mutual recursion, a 30-frame call chain and inlined helpers.
func cpuWorkload() {
	var wg sync.WaitGroup
	jobs := []func(){
		func() { keep(fib(36)) },
		func() { keep(mutualWork(40)) },
		func() { keep(chain01(200_000_000)) },
		func() { keep(hashLoop(150_000_000)) },
	}
	for _, job := range jobs {
		wg.Add(1)
		go func(job func()) {
			defer wg.Done()
			job()
		}(job)
	}
	wg.Wait()
}

//go:noinline
func fib(n uint64) uint64 {
	if n < 2 {
		return n
	}
	return fib(n-1) + fib(n-2)
}

// isEven and isOdd recurse into each other, so a stack holds both many times.
//
//go:noinline
func isEven(n uint64) bool {
	if n == 0 {
		return true
	}
	return isOdd(n - 1)
}

//go:noinline
func isOdd(n uint64) bool {
	if n == 0 {
		return false
	}
	return isEven(n - 1)
}

//go:noinline
func mutualWork(rounds int) uint64 {
	var evens uint64
	for r := 0; r < rounds; r++ {
		for n := uint64(0); n < 2000; n++ {
			if isEven(n) {
				evens++
			}
		}
	}
	return evens
}

// mix and rotate are small enough to be inlined into hashLoop and leafWork, so
// their samples land on locations that carry several lines.
func mix(x uint64) uint64 {
	x ^= x >> 33
	x *= 0xff51afd7ed558ccd
	x ^= x >> 33
	return x
}

func rotate(x uint64) uint64 { return x<<13 | x>>51 }

//go:noinline
func hashLoop(n int) uint64 {
	h := uint64(1)
	for i := 0; i < n; i++ {
		h = rotate(mix(h + uint64(i)))
	}
	return h
}

//go:noinline
func leafWork(n int) uint64 {
	h := uint64(7)
	for i := 0; i < n; i++ {
		h = mix(h ^ uint64(i))
	}
	return h
}
