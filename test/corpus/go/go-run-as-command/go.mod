module quickdemo

go 1.22
