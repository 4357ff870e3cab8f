module github.com/acme/hello

go 1.22

require (
	github.com/go-chi/chi/v5 v5.0.12
	github.com/joho/godotenv v1.5.1
)
