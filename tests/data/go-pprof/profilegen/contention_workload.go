package main

import (
	"sync"
	"time"
)

// mutexWorkload makes 8 goroutines fight over two locks: a hot one held for
// long stretches (ledger) and a cooler one (cache).
func mutexWorkload() {
	var ledger, cache sync.Mutex
	var wg sync.WaitGroup
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 200; i++ {
				updateLedger(&ledger)
				if i%4 == 0 {
					refreshCache(&cache)
				}
			}
		}()
	}
	wg.Wait()
}

//go:noinline
func updateLedger(mu *sync.Mutex) {
	mu.Lock()
	keepBusy(20_000)
	mu.Unlock()
}

//go:noinline
func refreshCache(mu *sync.Mutex) {
	mu.Lock()
	keepBusy(5_000)
	mu.Unlock()
}

// keepBusy spins instead of sleeping so that the lock is really held on CPU.
//
//go:noinline
func keepBusy(n int) { keep(leafWork(n)) }

// blockWorkload blocks on an unbuffered channel, a select with a timer, a
// WaitGroup and a contended mutex.
func blockWorkload() {
	results := make(chan int)
	var wg sync.WaitGroup
	for p := 0; p < 4; p++ {
		wg.Add(1)
		go func(p int) {
			defer wg.Done()
			produceSlowly(results, p)
		}(p)
	}
	go func() {
		wg.Wait()
		close(results)
	}()
	consumeResults(results)

	waitWithTimeout(20 * time.Millisecond)

	var mu sync.Mutex
	var lockers sync.WaitGroup
	for g := 0; g < 4; g++ {
		lockers.Add(1)
		go func() {
			defer lockers.Done()
			for i := 0; i < 50; i++ {
				updateLedger(&mu)
			}
		}()
	}
	waitForWorkers(&lockers)
}

//go:noinline
func produceSlowly(out chan<- int, p int) {
	for i := 0; i < 25; i++ {
		time.Sleep(time.Millisecond)
		out <- p*100 + i
	}
}

//go:noinline
func consumeResults(in <-chan int) {
	for v := range in {
		keep(uint64(v))
	}
}

//go:noinline
func waitWithTimeout(d time.Duration) {
	never := make(chan struct{})
	select {
	case <-never:
	case <-time.After(d):
	}
}

//go:noinline
func waitForWorkers(wg *sync.WaitGroup) { wg.Wait() }
