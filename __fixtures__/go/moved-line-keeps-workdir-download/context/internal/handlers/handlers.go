package handlers

import (
	"encoding/json"
	"net/http"

	"github.com/go-chi/chi/v5"
	"github.com/google/uuid"
)

// Mount registers the catalog routes.
func Mount(r chi.Router) {
	r.Post("/items", func(w http.ResponseWriter, _ *http.Request) {
		_ = json.NewEncoder(w).Encode(map[string]string{"id": uuid.NewString()})
	})
}
