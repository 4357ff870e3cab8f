package main

import (
	"crypto/rand"
	"encoding/hex"
	"io"
	"net/http"
	"sync"
)

var (
	mu    sync.RWMutex
	notes = map[string]string{}
)

func newID() string {
	b := make([]byte, 4)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

func save(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(io.LimitReader(r.Body, 64<<10))
	if err != nil {
		http.Error(w, "bad body", http.StatusBadRequest)
		return
	}
	id := newID()
	mu.Lock()
	notes[id] = string(body)
	mu.Unlock()
	_, _ = io.WriteString(w, id+"\n")
}

func show(w http.ResponseWriter, r *http.Request) {
	mu.RLock()
	note, ok := notes[r.URL.Query().Get("id")]
	mu.RUnlock()
	if !ok {
		http.NotFound(w, r)
		return
	}
	_, _ = io.WriteString(w, note)
}

func main() {
	http.HandleFunc("/save", save)
	http.HandleFunc("/show", show)
	http.ListenAndServe(":80", nil)
}
