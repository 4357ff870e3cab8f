module bomsvc

go 1.22
