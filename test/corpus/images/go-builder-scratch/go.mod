module scratchy

go 1.22
