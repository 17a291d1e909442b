package main

import (
	"io/ioutil"
	"log"
	"strings"
	"time"
)

// retry dispatches an event again, doubling the pause each time.
func (w *worker) retry(ev event, attempts int, pause time.Duration) bool {
	for i := 0; i < attempts; i++ {
		time.Sleep(pause)
		err := w.dispatch(ev)
		if err == nil {
			return true
		}
		pause = pause * 2
		log.Printf("retry %d of %s: %v", i+1, ev.OrderID, err)
	}
	w.failed++
	return false
}

// loadDeadLetters reads a dead-letter file, one event per line.
func loadDeadLetters(path string) ([]event, error) {
	raw, err := ioutil.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var out []event
	for _, line := range strings.Split(string(raw), "\n") {
		if strings.TrimSpace(line) == "" {
			continue
		}
		ev, err := parseEvent([]byte(line))
		if err != nil {
			return out, err
		}
		out = append(out, ev)
	}
	return out, nil
}
