// Package notes keeps notes in memory.
package notes

import (
	"sort"
	"sync"
	"time"

	"github.com/google/uuid"
)

// Note is one stored note.
type Note struct {
	ID      string    `json:"id"`
	Text    string    `json:"text"`
	Created time.Time `json:"created"`
}

// Store is safe for concurrent use.
type Store struct {
	mu    sync.RWMutex
	notes map[string]Note
}

// NewStore returns an empty store.
func NewStore() *Store {
	return &Store{notes: make(map[string]Note)}
}

// Add stores a note and returns it.
func (s *Store) Add(text string) Note {
	note := Note{ID: uuid.NewString(), Text: text, Created: time.Now().UTC()}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.notes[note.ID] = note
	return note
}

// List returns every note, oldest first.
func (s *Store) List() []Note {
	s.mu.RLock()
	defer s.mu.RUnlock()
	out := make([]Note, 0, len(s.notes))
	for _, note := range s.notes {
		out = append(out, note)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Created.Before(out[j].Created) })
	return out
}
