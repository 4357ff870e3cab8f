const interval = Number(process.env.RESTOCK_INTERVAL_MS ?? 60000);

setInterval(() => {
  console.log('checking stock levels');
}, interval);
