const express = require("express");

function bookingRoutes() {
	const router = express.Router();
	const bookings = new Map();

	router.get("/", (req, res) => res.json([...bookings.values()]));
	router.post("/", (req, res) => {
		const id = String(bookings.size + 1);
		bookings.set(id, { id, desk: req.body.desk, from: req.body.from });
		res.status(201).json(bookings.get(id));
	});
	return router;
}

module.exports = { bookingRoutes };
