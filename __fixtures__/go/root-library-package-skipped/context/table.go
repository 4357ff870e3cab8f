package tasks

import (
	"fmt"

	"github.com/alexeyco/simpletable"
)

func (l *List) Print() {
	table := simpletable.New()
	table.Header = &simpletable.Header{Cells: []*simpletable.Cell{{Text: "#"}, {Text: "Task"}, {Text: "Done"}}}
	for i, task := range *l {
		table.Body.Cells = append(table.Body.Cells, []*simpletable.Cell{{Text: fmt.Sprint(i + 1)}, {Text: task.Title}, {Text: fmt.Sprint(task.Done)}})
	}
	table.Println()
}
