package main

import (
	"context"
	"runtime/pprof"
	"sync"
)

// Span and trace ids as an OpenTelemetry-instrumented Go service would attach
// them to its goroutines, so that CPU time can be joined to spans.
const (
	checkoutSpanID = "00f067aa0ba902b7"
	paymentSpanID  = "53995c3f42cd8ad8"
	sharedTraceID  = "4bf92f3577b34da6a3ce929d0e0e4736"
)

// labelledWorkload runs about half of its CPU time under span 00f067aa0ba902b7,
// a quarter under span 53995c3f42cd8ad8 (same trace) and the rest unlabelled.
func labelledWorkload() {
	ctx := context.Background()
	var wg sync.WaitGroup
	wg.Add(3)
	go func() {
		defer wg.Done()
		pprof.Do(ctx, pprof.Labels("span_id", checkoutSpanID, "trace_id", sharedTraceID),
			func(context.Context) { keep(handleCheckout(320_000_000)) })
	}()
	go func() {
		defer wg.Done()
		pprof.Do(ctx, pprof.Labels("span_id", paymentSpanID, "trace_id", sharedTraceID),
			func(context.Context) { keep(authorizePayment(160_000_000)) })
	}()
	go func() {
		defer wg.Done()
		keep(backgroundCompaction(160_000_000))
	}()
	wg.Wait()
}

//go:noinline
func handleCheckout(n int) uint64 { return priceItems(n/2) + hashLoop(n/2) }

//go:noinline
func priceItems(n int) uint64 { return leafWork(n) }

//go:noinline
func authorizePayment(n int) uint64 { return hashLoop(n) }

//go:noinline
func backgroundCompaction(n int) uint64 { return leafWork(n) }
