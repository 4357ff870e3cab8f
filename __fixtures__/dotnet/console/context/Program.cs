using System.Globalization;
using CsvHelper;
using Microsoft.Extensions.Configuration;

var config = new ConfigurationBuilder()
    .SetBasePath(Directory.GetCurrentDirectory())
    .AddJsonFile("appsettings.json", optional: false)
    .AddEnvironmentVariables()
    .Build();

var output = config["Report:Output"] ?? "/tmp/report.csv";
using var writer = new StreamWriter(output);
using var csv = new CsvWriter(writer, CultureInfo.InvariantCulture);
csv.WriteRecords(new[] { new { Day = DateTime.UtcNow.Date, Count = 42 } });
Console.WriteLine($"wrote {output}");
