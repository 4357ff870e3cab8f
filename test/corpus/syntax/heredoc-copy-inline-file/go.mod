module inline

go 1.22
