namespace KubeSharp.Storage;

/// <summary>Settings shared by the store implementations.</summary>
public sealed class StoreOptions
{
    /// <summary>How often an idle watch yields a bookmark with the current revision. Default: 5 s.</summary>
    public TimeSpan BookmarkInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Time source; injected so tests can run on fake time.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;
}
