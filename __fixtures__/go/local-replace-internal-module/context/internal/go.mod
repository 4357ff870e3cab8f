module internal

go 1.23.1

require github.com/prometheus/client_golang v1.20.5
