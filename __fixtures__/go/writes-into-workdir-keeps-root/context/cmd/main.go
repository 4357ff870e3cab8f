package main

import (
	"encoding/json"
	"log"
	"os"
	"time"
)

const store = ".todos.json"

func main() {
	for {
		data, _ := json.Marshal([]string{time.Now().Format(time.RFC3339)})
		if err := os.WriteFile(".todos.json", data, 0o600); err != nil {
			log.Fatal(err)
		}
		time.Sleep(time.Minute)
	}
}
