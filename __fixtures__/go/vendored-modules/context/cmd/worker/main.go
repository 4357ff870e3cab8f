package main

import (
	"flag"
	"log"
	"time"

	"github.com/google/uuid"
)

func main() {
	queue := flag.String("queue", "default", "queue to consume")
	flag.Parse()
	for {
		log.Printf("worker %s polling %s", uuid.NewString(), *queue)
		time.Sleep(5 * time.Second)
	}
}
