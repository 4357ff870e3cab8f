package main

import (
	"net/http"

	"github.com/gin-gonic/gin"
)

type todo struct {
	ID    int    `json:"id"`
	Title string `json:"title"`
	Done  bool   `json:"done"`
}

var todos = []todo{{ID: 1, Title: "write the Dockerfile"}}

func main() {
	router := gin.Default()
	router.GET("/todos", func(c *gin.Context) {
		c.JSON(http.StatusOK, todos)
	})
	router.POST("/todos", func(c *gin.Context) {
		var item todo
		if err := c.BindJSON(&item); err != nil {
			return
		}
		item.ID = len(todos) + 1
		todos = append(todos, item)
		c.JSON(http.StatusCreated, item)
	})
	router.Run(":8000")
}
