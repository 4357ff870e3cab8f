var builder = WebApplication.CreateBuilder(args);
var app = builder.Build();

var stock = new Dictionary<string, int> { ["widget"] = 12, ["gadget"] = 3 };

app.MapGet("/stock/{sku}", (string sku) => stock.TryGetValue(sku, out var count) ? Results.Ok(new { sku, count }) : Results.NotFound());

app.Run();
