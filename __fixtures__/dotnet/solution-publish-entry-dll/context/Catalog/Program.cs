var builder = WebApplication.CreateBuilder(args);
var app = builder.Build();

app.MapGet("/products", () => new[] { new { id = 1, name = "Lamp" }, new { id = 2, name = "Desk" } });

app.Run();
