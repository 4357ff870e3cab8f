package main

import (
	"fmt"
	"os"

	"gopkg.in/yaml.v3"
)

type label struct {
	Name  string `yaml:"name"`
	Color string `yaml:"color"`
}

func main() {
	workspace := os.Getenv("GITHUB_WORKSPACE")
	data, err := os.ReadFile(workspace + "/.github/labels.yml")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	var labels []label
	if err := yaml.Unmarshal(data, &labels); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	if err := os.WriteFile(workspace+"/labels.lock", data, 0o644); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	fmt.Printf("%d labels in sync\n", len(labels))
}
