//go:build !prod

package main

const edition = "development"
