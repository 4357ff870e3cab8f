module github.com/acme/resolver

go 1.24

require github.com/go-chi/chi/v5 v5.0.12
