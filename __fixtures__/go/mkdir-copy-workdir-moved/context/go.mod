module forum

go 1.20
