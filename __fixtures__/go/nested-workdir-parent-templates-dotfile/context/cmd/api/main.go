package main

import (
	"encoding/json"
	"log"
	"os"

	"github.com/gin-gonic/gin"
)

type apiConfig struct {
	Listen string `json:"listen"`
}

func main() {
	raw, err := os.ReadFile(".apiConfig")
	if err != nil {
		log.Fatalf("reading .apiConfig: %v", err)
	}
	var cfg apiConfig
	if err := json.Unmarshal(raw, &cfg); err != nil {
		log.Fatal(err)
	}
	r := gin.Default()
	r.LoadHTMLGlob("../../html_templates/*.tmpl")
	r.Static("/assets", "../../public")
	r.GET("/", func(c *gin.Context) {
		c.HTML(200, "index.tmpl", gin.H{"quote": "Simplicity is prerequisite for reliability."})
	})
	log.Fatal(r.Run(cfg.Listen))
}
