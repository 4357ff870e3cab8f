const origin = { x: 0, y: 0 };
console.log(origin);
