module github.com/acme/fiber-server

go 1.21

require github.com/gofiber/fiber/v2 v2.52.4
