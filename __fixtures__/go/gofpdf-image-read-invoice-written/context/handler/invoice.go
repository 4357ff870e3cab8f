package handler

import (
	"net/http"

	"github.com/acme/shop/invoice"
	"github.com/labstack/echo/v4"
)

func Invoice(c echo.Context) error {
	if err := invoice.Generate(c.Param("id")); err != nil {
		return c.JSON(http.StatusInternalServerError, map[string]any{"message": err.Error()})
	}
	return c.Attachment(invoice.Path, "invoice.pdf")
}
