package shared

import "os"

// Port is the port the server listens on.
func Port() string {
	if port := os.Getenv("SERVER_PORT"); port != "" {
		return port
	}
	return "8080"
}
