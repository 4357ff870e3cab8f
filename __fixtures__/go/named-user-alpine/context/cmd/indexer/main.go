package main

import (
	"log"
	"os"
	"path/filepath"

	"github.com/google/uuid"
)

func main() {
	root := os.Getenv("INDEX_ROOT")
	if root == "" {
		root = "/srv/docs"
	}
	count := 0
	_ = filepath.WalkDir(root, func(_ string, entry os.DirEntry, err error) error {
		if err == nil && !entry.IsDir() {
			count++
		}
		return nil
	})
	log.Printf("index %s: %d documents", uuid.NewString(), count)
}
