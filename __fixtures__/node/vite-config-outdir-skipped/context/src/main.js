document.body.textContent = "atlas";
