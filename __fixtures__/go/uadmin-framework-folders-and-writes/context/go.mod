module github.com/acme/clinic-admin

go 1.21

require github.com/uadmin/uadmin v0.10.1

require (
	github.com/jinzhu/gorm v1.9.16 // indirect
	github.com/mattn/go-sqlite3 v1.14.17 // indirect
)
