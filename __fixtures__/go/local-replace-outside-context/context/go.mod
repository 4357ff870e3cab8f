module example.com/payments/billing

go 1.22

require example.com/payments/ledger v0.3.0

// The ledger module is developed side by side in the monorepo.
replace example.com/payments/ledger => ../ledger
