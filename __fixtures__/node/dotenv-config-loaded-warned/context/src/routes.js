const express = require('express');

// Stripe's key comes from the environment (.env when run locally).
const invoices = express.Router();
invoices.get('/', (req, res) => res.json({ currency: process.env.CURRENCY || 'EUR', items: [] }));

module.exports = { invoices };
