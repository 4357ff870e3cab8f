package main

import (
	"log"
	"net/http"
	"os"
	"path/filepath"
)

func main() {
	if err := os.MkdirAll("messages", 0o755); err != nil {
		log.Fatal(err)
	}
	http.HandleFunc("/share", func(w http.ResponseWriter, r *http.Request) {
		name := filepath.Base(r.URL.Query().Get("name"))
		if err := os.WriteFile(filepath.Join("messages", name), []byte(r.URL.Query().Get("text")), 0o644); err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		_ = os.WriteFile("./messages/index.json", []byte("[]"), 0o644)
	})
	http.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		http.ServeFile(w, r, "read.html")
	})
	log.Fatal(http.ListenAndServe(":8080", nil))
}
