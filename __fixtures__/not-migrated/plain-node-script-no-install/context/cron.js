// Prints a heartbeat every minute; no dependencies.
setInterval(() => console.log(new Date().toISOString(), 'alive'), 60_000);
