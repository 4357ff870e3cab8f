export const backoff = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
