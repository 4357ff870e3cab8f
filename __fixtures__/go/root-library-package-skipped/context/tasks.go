package tasks

import (
	"encoding/json"
	"errors"
	"os"
	"time"
)

type item struct {
	Title string
	Done  bool
	Added time.Time
}

// List is the whole task list, stored as JSON.
type List []item

func (l *List) Add(title string) {
	*l = append(*l, item{Title: title, Added: time.Now()})
}

func (l *List) Complete(index int) error {
	if index <= 0 || index > len(*l) {
		return errors.New("no such task")
	}
	(*l)[index-1].Done = true
	return nil
}

func (l *List) Load(file string) error {
	data, err := os.ReadFile(file)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	return json.Unmarshal(data, l)
}

func (l *List) Store(file string) error {
	data, err := json.Marshal(l)
	if err != nil {
		return err
	}
	return os.WriteFile(file, data, 0644)
}
