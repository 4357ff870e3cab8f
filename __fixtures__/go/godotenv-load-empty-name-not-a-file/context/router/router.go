package router

import (
	"net/http"
	"os"

	"github.com/go-chi/chi/v5"
	"github.com/joho/godotenv"
)

// New reads the signing secret from the environment; the empty name opens no file, so the
// call only matters on a laptop where someone edits it.
func New() http.Handler {
	godotenv.Load("")
	secret := os.Getenv("SECRET_JWT")
	r := chi.NewRouter()
	r.Get("/healthz", func(w http.ResponseWriter, _ *http.Request) {
		if secret == "" {
			w.WriteHeader(http.StatusServiceUnavailable)
			return
		}
		w.WriteHeader(http.StatusNoContent)
	})
	return r
}
