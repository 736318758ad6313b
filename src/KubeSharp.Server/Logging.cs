using Microsoft.Extensions.Logging;

namespace KubeSharp.Server;

/// <summary>The console logging of every `kubesharp` command: one line per message, the web host's request chatter off.</summary>
internal static class Logging
{
    public static ILoggerFactory CreateFactory() => LoggerFactory.Create(b => b.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "HH:mm:ss ";
        }).SetMinimumLevel(LogLevel.Information)
        .AddFilter("Microsoft.AspNetCore", LogLevel.Warning)
        .AddFilter("Microsoft.Hosting", LogLevel.Warning)
        .AddFilter("System.Net.Http", LogLevel.Warning));
}
