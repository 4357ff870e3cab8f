package accounts

// Account is a customer account.
type Account struct {
	ID    string
	Email string
}
