package main

import (
	"github.com/uadmin/uadmin"
)

// Patient is one record the clinic's staff edit in the admin.
type Patient struct {
	uadmin.Model
	Name  string
	Phone string
}

func main() {
	uadmin.Register(Patient{})
	uadmin.Port = 8080
	uadmin.StartServer()
}
