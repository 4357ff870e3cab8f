module github.com/acme/worker

go 1.22

require (
	github.com/joho/godotenv v1.5.1
	github.com/spf13/viper v1.19.0
)
