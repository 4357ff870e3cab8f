package main

import (
	"log"

	"github.com/google/uuid"
)

func main() {
	log.Println(uuid.NewString())
}
