package accounts

import (
	"testing"

	"github.com/google/uuid"
)

func TestNewIDIsUnique(t *testing.T) {
	if uuid.NewString() == uuid.NewString() {
		t.Fatal("two ids are equal")
	}
}
