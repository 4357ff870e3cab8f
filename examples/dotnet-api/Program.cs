using System.Collections.Concurrent;

var builder = WebApplication.CreateBuilder(args);
builder.Services.AddEndpointsApiExplorer();
builder.Services.AddHealthChecks();

var app = builder.Build();

var notes = new ConcurrentDictionary<Guid, Note>();

app.MapGet("/notes", () => notes.Values.OrderBy(note => note.CreatedAt));

app.MapGet("/notes/{id:guid}", (Guid id) =>
    notes.TryGetValue(id, out var note) ? Results.Ok(note) : Results.NotFound());

app.MapPost("/notes", (NewNote input) =>
{
    var note = new Note(Guid.NewGuid(), input.Text, DateTimeOffset.UtcNow);
    notes[note.Id] = note;
    return Results.Created($"/notes/{note.Id}", note);
});

app.MapDelete("/notes/{id:guid}", (Guid id) =>
    notes.TryRemove(id, out _) ? Results.NoContent() : Results.NotFound());

app.MapHealthChecks("/healthz");

app.Run();

record NewNote(string Text);
record Note(Guid Id, string Text, DateTimeOffset CreatedAt);
