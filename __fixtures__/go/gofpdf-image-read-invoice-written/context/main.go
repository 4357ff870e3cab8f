package main

import (
	"log"

	"github.com/acme/shop/handler"
	"github.com/labstack/echo/v4"
)

func main() {
	e := echo.New()
	e.GET("/orders/:id/invoice", handler.Invoice)
	log.Fatal(e.Start(":8000"))
}
