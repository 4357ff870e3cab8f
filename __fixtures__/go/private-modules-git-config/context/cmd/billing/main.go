package main

import (
	"log"

	"github.com/google/uuid"
)

func main() {
	log.Printf("invoice run %s", uuid.NewString())
}
