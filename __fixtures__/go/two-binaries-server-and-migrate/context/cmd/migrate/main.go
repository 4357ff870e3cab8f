package main

import (
	"log"
	"os"
	"path/filepath"
	"sort"
)

func main() {
	files, err := filepath.Glob("migrations/*.sql")
	if err != nil {
		log.Fatal(err)
	}
	sort.Strings(files)
	for _, file := range files {
		if _, err := os.ReadFile(file); err != nil {
			log.Fatal(err)
		}
		log.Printf("applied %s", file)
	}
}
