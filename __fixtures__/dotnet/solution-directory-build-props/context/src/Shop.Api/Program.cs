using Shop.Core;

var builder = WebApplication.CreateBuilder(args);
builder.Services.AddSingleton<Catalog>();

var app = builder.Build();
app.MapGet("/products", (Catalog catalog) => catalog.All());
app.Run();
