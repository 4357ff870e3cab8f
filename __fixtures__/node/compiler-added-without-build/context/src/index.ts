interface Square {
  side: number;
}

const squares: Square[] = [{ side: 2 }, { side: 3 }];
for (const square of squares) console.log(`area ${square.side * square.side}`);
