// Command server is a small notes API: POST /notes stores a note, GET /notes lists them.
package main

import (
	"encoding/json"
	"log"
	"net/http"
	"os"

	"github.com/acme/go-api/internal/notes"
	"github.com/go-chi/chi/v5"
)

// version is set at build time with -ldflags "-X main.version=...".
var version = "dev"

func main() {
	store := notes.NewStore()
	r := chi.NewRouter()
	r.Get("/healthz", func(w http.ResponseWriter, _ *http.Request) {
		w.WriteHeader(http.StatusNoContent)
	})
	r.Get("/version", func(w http.ResponseWriter, _ *http.Request) {
		writeJSON(w, http.StatusOK, map[string]string{"version": version})
	})
	r.Get("/notes", func(w http.ResponseWriter, _ *http.Request) {
		writeJSON(w, http.StatusOK, store.List())
	})
	r.Post("/notes", func(w http.ResponseWriter, req *http.Request) {
		var body struct {
			Text string `json:"text"`
		}
		if err := json.NewDecoder(req.Body).Decode(&body); err != nil || body.Text == "" {
			http.Error(w, "a JSON body with a non-empty text is required", http.StatusBadRequest)
			return
		}
		writeJSON(w, http.StatusCreated, store.Add(body.Text))
	})

	addr := ":" + envOr("PORT", "8080")
	log.Printf("go-api %s listening on %s", version, addr)
	log.Fatal(http.ListenAndServe(addr, r))
}

func writeJSON(w http.ResponseWriter, status int, value any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(value)
}

func envOr(key, fallback string) string {
	if value := os.Getenv(key); value != "" {
		return value
	}
	return fallback
}
