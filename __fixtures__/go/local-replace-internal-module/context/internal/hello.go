package internal

import "github.com/prometheus/client_golang/prometheus"

var Greetings = prometheus.NewCounter(prometheus.CounterOpts{Name: "greetings_total", Help: "Greetings served."})

func Hello(name string) string {
	Greetings.Inc()
	return "Hello, " + name
}
