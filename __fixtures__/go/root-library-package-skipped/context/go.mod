module github.com/example/tasks

go 1.18

require github.com/alexeyco/simpletable v1.0.0
