// Command fixture_server serves fixture files to a Prometheus server so that the
// server's answers can be compared with Sightline's on exactly the same bytes.
//
//	GET /files/PATH      the file DIR/PATH, unchanged
//	GET /seq/metrics     the file chosen last with /select (a sequence of snapshots)
//	GET /select?file=N   makes DIR/N the answer of /seq/metrics from now on
//
// Files ending in .om.txt are served as OpenMetrics 1.0, all others as text 0.0.4, so
// Prometheus picks the matching parser. Every /seq/metrics request is logged on stdout
// as "<unix ms> <file>". The first stdout line is the address it listens on.
package main

import (
	"flag"
	"fmt"
	"log"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"
)

func contentType(name string) string {
	if strings.HasSuffix(name, ".om.txt") {
		return "application/openmetrics-text; version=1.0.0; charset=utf-8"
	}
	return "text/plain; version=0.0.4; charset=utf-8"
}

func main() {
	dir := flag.String("dir", ".", "folder of the files to serve")
	listen := flag.String("listen", "127.0.0.1:0", "address to listen on")
	flag.Parse()

	var mu sync.Mutex
	current := ""

	serveFile := func(w http.ResponseWriter, name string) {
		// Paths below DIR only: Clean of a rooted path cannot climb above the root.
		body, err := os.ReadFile(filepath.Join(*dir, filepath.Clean("/"+name)))
		if err != nil {
			http.Error(w, err.Error(), http.StatusNotFound)
			return
		}
		w.Header().Set("Content-Type", contentType(name))
		w.Write(body)
	}

	mux := http.NewServeMux()
	mux.HandleFunc("/files/", func(w http.ResponseWriter, r *http.Request) {
		serveFile(w, strings.TrimPrefix(r.URL.Path, "/files/"))
	})
	mux.HandleFunc("/select", func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		current = r.URL.Query().Get("file")
		mu.Unlock()
		fmt.Fprintln(w, "ok")
	})
	mux.HandleFunc("/seq/metrics", func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		name := current
		mu.Unlock()
		fmt.Printf("%d %s\n", time.Now().UnixMilli(), name)
		serveFile(w, name)
	})

	listener, err := net.Listen("tcp", *listen)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(listener.Addr().String())
	log.Fatal(http.Serve(listener, mux))
}
