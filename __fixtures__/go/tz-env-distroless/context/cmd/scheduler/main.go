package main

import (
	"log"
	"time"

	"github.com/google/uuid"
)

func main() {
	loc, err := time.LoadLocation("Local")
	if err != nil {
		log.Fatal(err)
	}
	for {
		now := time.Now().In(loc)
		log.Printf("run %s at %s", uuid.NewString(), now.Format(time.RFC3339))
		time.Sleep(time.Until(now.Truncate(time.Hour).Add(time.Hour)))
	}
}
