module github.com/acme/shop

go 1.21

require (
	github.com/jung-kurt/gofpdf v1.16.2
	github.com/labstack/echo/v4 v4.11.4
)
