module shop.local

go 1.19
