package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/example/tasks"
)

const file = ".tasks.json"

func main() {
	add := flag.String("add", "", "task to add")
	done := flag.Int("done", 0, "task number to complete")
	flag.Parse()

	list := &tasks.List{}
	if err := list.Load(file); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	switch {
	case *add != "":
		list.Add(*add)
	case *done > 0:
		if err := list.Complete(*done); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
	}
	if err := list.Store(file); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	list.Print()
}
