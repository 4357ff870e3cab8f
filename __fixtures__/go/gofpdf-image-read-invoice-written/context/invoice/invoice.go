package invoice

import (
	"fmt"

	"github.com/jung-kurt/gofpdf"
)

// Path is where the last generated invoice is kept until it is sent.
const Path = "invoice/invoice.pdf"

func Generate(order string) error {
	pdf := gofpdf.New("P", "mm", "A4", "")
	pdf.AddPage()
	pdf.SetFont("Arial", "", 30)
	pdf.Cell(180, 10, "Shop")
	pdf.Image("invoice/assets/logo.png", 10, 24, 0, 0, false, "", 0, "")
	pdf.SetFont("Arial", "", 11)
	pdf.Cell(20, 10, fmt.Sprintf("Order %s", order))
	outPath := "invoice/invoice.pdf"
	return pdf.OutputFileAndClose(outPath)
}
