package main

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func TestAddAndPreview(t *testing.T) {
	srv := httptest.NewServer(newHandler(newMemoryCarts()).routes())
	defer srv.Close()
	for _, c := range []struct {
		body string
		code int
	}{
		{`{"session":"s1","sku":"mug","quantity":2,"cents":1200}`, http.StatusNoContent},
		{`{"session":"s1","sku":"mug","quantity":0,"cents":1200}`, http.StatusUnprocessableEntity},
		{`{"sku":"mug"}`, http.StatusBadRequest},
	} {
		res, err := http.Post(srv.URL+"/cart/add", "application/json", strings.NewReader(c.body))
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != c.code {
			t.Errorf("%s: %d", c.body, res.StatusCode)
		}
	}
	rec := httptest.NewRecorder()
	newHandler(newMemoryCarts()).preview(rec, httptest.NewRequest(http.MethodGet, "/checkout/preview", nil))
	if rec.Code != http.StatusBadRequest {
		t.Fatalf("preview without session: %d", rec.Code)
	}
	res, err := http.Get(srv.URL + "/checkout/preview?session=s1")
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	buf := new(strings.Builder)
	if _, err := io.Copy(buf, res.Body); err != nil {
		t.Fatal(err)
	}
	if got := strings.TrimSpace(buf.String()); got != `{"items":2,"total_cents":2400}` {
		t.Fatalf("preview %s", got)
	}
}
