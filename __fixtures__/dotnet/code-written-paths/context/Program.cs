using Journal.Services;

var builder = WebApplication.CreateBuilder(args);
builder.Services.AddSingleton<EntryStore>();
var app = builder.Build();

app.MapPost("/entries", async (HttpRequest request, EntryStore store) =>
{
    using var reader = new StreamReader(request.Body);
    await store.AddAsync(await reader.ReadToEndAsync());
    return Results.Created();
});

app.Run();
