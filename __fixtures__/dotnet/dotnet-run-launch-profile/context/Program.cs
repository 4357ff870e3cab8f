var builder = WebApplication.CreateBuilder(args);
var app = builder.Build();

var pageSize = int.Parse(Environment.GetEnvironmentVariable("NOTES_PAGE_SIZE") ?? "10");
var notes = Enumerable.Range(1, 100).Select(n => $"note {n}").ToList();

app.MapGet("/notes", (int page) => notes.Skip(page * pageSize).Take(pageSize));
app.MapGet("/env", (IWebHostEnvironment env) => env.EnvironmentName);

app.Run();
