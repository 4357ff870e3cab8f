var builder = WebApplication.CreateBuilder(args);
var app = builder.Build();

app.MapGet("/invoices/{id:int}", (int id) => Results.Ok(new { id, total = 42.50m, currency = "EUR" }));
app.MapGet("/health", () => Results.Ok());

app.Run();
