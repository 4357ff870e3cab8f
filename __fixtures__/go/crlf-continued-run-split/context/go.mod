module github.com/acme/tickets

go 1.23

require github.com/go-chi/chi/v5 v5.0.12
