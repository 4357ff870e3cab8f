// yarn release placeholder
