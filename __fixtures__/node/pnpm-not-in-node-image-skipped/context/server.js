const express = require("express");
const { bookingRoutes } = require("./src/routes/bookings");

const app = express();
const PORT = process.env.PORT || 3000;

app.use(express.json());
app.use("/bookings", bookingRoutes());

app.listen(PORT, () => {
	console.log(`desk-booking listening on ${PORT}`);
});
