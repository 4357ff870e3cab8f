module github.com/someone/weatherbot

go 1.19
