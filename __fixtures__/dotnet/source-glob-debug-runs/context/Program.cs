using Microsoft.Extensions.Hosting;

var host = Host.CreateDefaultBuilder(args)
    .ConfigureServices(services => services.AddHostedService<Relay.Forwarder>())
    .Build();

await host.RunAsync();
