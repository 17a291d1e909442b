package main

import (
	"fmt"
	"strings"
)

type session struct {
	id    int
	user  string
	items []int
}

// retained keeps part of the allocations alive, so the in-use sample types
// differ from the alloc ones.
var retained struct {
	sessions []*session
	buffers  [][]byte
	index    map[string]int
}

// heapWorkload allocates through distinct call paths: long-lived sessions and
// an index (in use at the end), and temporary buffers and strings (freed).
func heapWorkload() {
	retained.sessions = newSessions(2000)
	retained.buffers = allocBuffers(64, 16<<10)
	retained.index = buildIndex(retained.sessions)
	for round := 0; round < 20; round++ {
		keep(uint64(len(scratchBuffers(32, 4<<10))))
		keep(uint64(len(formatReport(200))))
	}
}

//go:noinline
func newSessions(n int) []*session {
	out := make([]*session, 0, n)
	for i := 0; i < n; i++ {
		out = append(out, &session{id: i, user: fmt.Sprintf("user-%04d", i), items: make([]int, 8)})
	}
	return out
}

//go:noinline
func allocBuffers(n, size int) [][]byte {
	out := make([][]byte, n)
	for i := range out {
		out[i] = make([]byte, size)
	}
	return out
}

//go:noinline
func buildIndex(sessions []*session) map[string]int {
	index := make(map[string]int)
	for _, s := range sessions {
		index[s.user] = s.id
	}
	return index
}

//go:noinline
func scratchBuffers(n, size int) [][]byte {
	return allocBuffers(n, size)
}

//go:noinline
func formatReport(lines int) string {
	var b strings.Builder
	for i := 0; i < lines; i++ {
		b.WriteString(fmt.Sprintf("line %d of the report\n", i))
	}
	return b.String()
}
