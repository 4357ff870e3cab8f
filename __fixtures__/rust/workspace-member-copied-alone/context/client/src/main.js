console.log("chat client");
