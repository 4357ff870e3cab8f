package main

import (
	"net/http"
	"path/filepath"

	"github.com/gin-gonic/gin"
)

func main() {
	r := gin.Default()
	r.Static("/photos", "./uploads")
	r.POST("/photos", func(c *gin.Context) {
		file, err := c.FormFile("photo")
		if err != nil {
			c.String(http.StatusBadRequest, "no photo")
			return
		}
		if err := c.SaveUploadedFile(file, "./uploads/"+filepath.Base(file.Filename)); err != nil {
			c.String(http.StatusInternalServerError, err.Error())
			return
		}
		c.Status(http.StatusCreated)
	})
	r.Run(":8080")
}
