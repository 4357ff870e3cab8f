package main

import (
	"flag"
	"html/template"
	"log"
	"net/http"
	"os"

	"gopkg.in/yaml.v3"
)

type config struct {
	Listen string `yaml:"listen"`
	Title  string `yaml:"title"`
}

func main() {
	path := flag.String("config", "config/development.yaml", "configuration file")
	flag.Parse()
	raw, err := os.ReadFile(*path)
	if err != nil {
		log.Fatal(err)
	}
	var cfg config
	if err := yaml.Unmarshal(raw, &cfg); err != nil {
		log.Fatal(err)
	}
	pages := template.Must(template.ParseGlob("templates/*.html"))
	http.Handle("/static/", http.StripPrefix("/static/", http.FileServer(http.Dir("static"))))
	http.HandleFunc("/", func(w http.ResponseWriter, _ *http.Request) {
		_ = pages.ExecuteTemplate(w, "index.html", cfg)
	})
	log.Fatal(http.ListenAndServe(cfg.Listen, nil))
}
