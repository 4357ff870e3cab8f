module example.com/pricewatch

go 1.22

require github.com/playwright-community/playwright-go v0.4501.1
