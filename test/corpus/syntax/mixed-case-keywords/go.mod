module casey

go 1.22
