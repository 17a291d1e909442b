package main

import (
	"database/sql"
	"testing"
)

func TestParseEvent(t *testing.T) {
	ev, err := parseEvent([]byte(`{"type":"order.paid","order_id":"o-1","payload":{"amount":12.5}}`))
	if err != nil {
		t.Fatal(err)
	}
	if ev.Type != "order.paid" || ev.OrderID != "o-1" {
		t.Fatalf("event %+v", ev)
	}
	if _, err := parseEvent([]byte(`{"order_id":"o-1"}`)); err == nil {
		t.Fatal("event without type accepted")
	}
}

type fakeDB struct{ queries []string }

func (f *fakeDB) Exec(query string, args ...interface{}) (sql.Result, error) {
	f.queries = append(f.queries, query)
	return nil, nil
}

func TestDispatchCreated(t *testing.T) {
	db := &fakeDB{}
	w := newWorker(db)
	if err := w.dispatch(event{Type: "order.created", OrderID: "o-7", Payload: []byte(`{"amount":3}`)}); err != nil {
		t.Fatal(err)
	}
	if err := w.dispatch(event{Type: "order.lost"}); err == nil {
		t.Fatal("unknown event type accepted")
	}
	if w.processed != 1 || len(db.queries) != 1 {
		t.Fatalf("processed %d, queries %v", w.processed, db.queries)
	}
}
