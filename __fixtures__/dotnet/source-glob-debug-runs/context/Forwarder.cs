using Microsoft.Extensions.Hosting;

namespace Relay;

public sealed class Forwarder : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            Console.WriteLine($"relay alive at {DateTimeOffset.UtcNow:O}");
            await Task.Delay(TimeSpan.FromMinutes(1), stoppingToken);
        }
    }
}
