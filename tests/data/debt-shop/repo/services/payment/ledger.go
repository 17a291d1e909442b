package main

import (
	"fmt"
	"io"
	"sort"
	"sync"
)

type entry struct {
	account int
	amount  float64
}

// Ledger keeps the charges. reconcileBatch holds the lock while it writes a checkpoint.
type Ledger struct {
	mu       sync.Mutex
	entries  []entry
	balances map[int]float64
	batches  int
}

func newLedger() *Ledger {
	return &Ledger{balances: make(map[int]float64)}
}

func (l *Ledger) Append(account int, amount float64) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.entries = append(l.entries, entry{account: account, amount: amount})
	l.balances[account] += amount
}

func (l *Ledger) Balance(account int) float64 {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.balances[account]
}

// Refund books a negative entry; it never takes an account below zero.
func (l *Ledger) Refund(account int, amount float64) error {
	if amount <= 0 {
		return fmt.Errorf("refund amount %.2f", amount)
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.balances[account] < amount {
		return fmt.Errorf("refund %.2f exceeds balance %.2f of account %d", amount, l.balances[account], account)
	}
	l.entries = append(l.entries, entry{account: account, amount: -amount})
	l.balances[account] -= amount
	return nil
}

// History returns the entries of one account, oldest first.
func (l *Ledger) History(account int) []float64 {
	l.mu.Lock()
	defer l.mu.Unlock()
	var out []float64
	for _, e := range l.entries {
		if e.account == account {
			out = append(out, e.amount)
		}
	}
	return out
}

func (l *Ledger) reconcileBatch(size int, checkpoint io.Writer) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	if size <= 0 {
		return fmt.Errorf("batch size %d", size)
	}
	n := len(l.entries)
	if n > size {
		n = size
	}
	l.recomputeBalances()
	l.batches++
	return l.writeCheckpoint(checkpoint, n)
}

func (l *Ledger) recomputeBalances() {
	balances := make(map[int]float64, len(l.balances))
	for _, e := range l.entries {
		balances[e.account] += e.amount
	}
	l.balances = balances
}

func (l *Ledger) writeCheckpoint(w io.Writer, n int) error {
	accounts := make([]int, 0, len(l.balances))
	for a := range l.balances {
		accounts = append(accounts, a)
	}
	sort.Ints(accounts)
	if _, err := fmt.Fprintf(w, "checkpoint batch=%d entries=%d\n", l.batches, n); err != nil {
		return err
	}
	for _, a := range accounts {
		if _, err := fmt.Fprintf(w, "%d %.2f\n", a, l.balances[a]); err != nil {
			return err
		}
	}
	return nil
}
