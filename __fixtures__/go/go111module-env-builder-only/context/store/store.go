package store

import "sync"

// Links maps short codes to their targets.
type Links struct {
	mu    sync.RWMutex
	codes map[string]string
}
