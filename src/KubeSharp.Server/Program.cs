using KubeSharp.Server;

return await Cli.Build().Parse(args).InvokeAsync().ConfigureAwait(false);
