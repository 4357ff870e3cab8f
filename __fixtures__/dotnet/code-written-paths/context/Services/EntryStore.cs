namespace Journal.Services;

public class EntryStore
{
    private const string LogFile = "entries.log";

    public async Task AddAsync(string text)
    {
        Directory.CreateDirectory("exports");
        await File.AppendAllTextAsync(LogFile, text + Environment.NewLine);
        var export = Path.Combine("exports", $"{DateTime.UtcNow:yyyyMMddHHmmss}.txt");
        await using var stream = new FileStream(export, FileMode.Create);
        await using var writer = new StreamWriter(stream);
        await writer.WriteAsync(text);
    }
}
