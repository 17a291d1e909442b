package main

import (
	"context"
	"runtime/pprof"
	"sync"
	"time"
)

// parkGoroutines starts 42 goroutines blocked in 7 distinct stacks (2 to 12
// goroutines each; the 2 started under a span_id label wait in waitForRequest
// like 12 others, but from another closure) and returns a function that
// releases all but the sleepers.
func parkGoroutines() (release func()) {
	done := make(chan struct{})
	var mu sync.Mutex
	mu.Lock()
	cond := sync.NewCond(&sync.Mutex{})
	var wg sync.WaitGroup
	var parked sync.WaitGroup
	start := func(count int, f func()) {
		for i := 0; i < count; i++ {
			parked.Add(1)
			go func() {
				parked.Done()
				f()
			}()
		}
	}
	start(12, func() { waitForRequest(done) })
	start(8, func() { waitOnLock(&mu) })
	start(6, func() { waitInSelect(done) })
	start(5, func() { waitOnCond(cond, done) })
	start(5, func() { sleepingWorker(done) })
	start(4, func() { waitForGroup(&wg) })
	wg.Add(1)
	ctx := pprof.WithLabels(context.Background(), pprof.Labels("span_id", checkoutSpanID))
	pprof.SetGoroutineLabels(ctx)
	start(2, func() { waitForRequest(done) })
	pprof.SetGoroutineLabels(context.Background())
	parked.Wait()
	return func() {
		close(done)
		mu.Unlock()
		wg.Done()
		cond.Broadcast()
	}
}

//go:noinline
func waitForRequest(done chan struct{}) { <-done }

//go:noinline
func waitOnLock(mu *sync.Mutex) {
	mu.Lock()
	defer mu.Unlock()
}

//go:noinline
func waitInSelect(done chan struct{}) {
	tick := make(chan int)
	select {
	case <-tick:
	case <-done:
	}
}

//go:noinline
func waitOnCond(cond *sync.Cond, done chan struct{}) {
	cond.L.Lock()
	defer cond.L.Unlock()
	for {
		select {
		case <-done:
			return
		default:
		}
		cond.Wait()
	}
}

//go:noinline
func sleepingWorker(done chan struct{}) {
	for {
		select {
		case <-done:
			return
		default:
			time.Sleep(time.Hour)
		}
	}
}

//go:noinline
func waitForGroup(wg *sync.WaitGroup) { wg.Wait() }
