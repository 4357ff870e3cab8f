package main

import (
	"log"
	"net/http"

	"github.com/acme/catalog/internal/handlers"
	"github.com/go-chi/chi/v5"
)

func main() {
	r := chi.NewRouter()
	handlers.Mount(r)
	log.Fatal(http.ListenAndServe(":8080", r))
}
