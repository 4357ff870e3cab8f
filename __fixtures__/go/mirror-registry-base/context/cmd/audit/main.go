package main

import (
	"encoding/json"
	"os"
	"time"

	"github.com/google/uuid"
)

func main() {
	_ = json.NewEncoder(os.Stdout).Encode(map[string]string{"event": uuid.NewString(), "at": time.Now().UTC().Format(time.RFC3339)})
}
