namespace KubeSharp.Scheduler.Framework;

/// <summary>A scheduling plugin; it implements one or more extension-point interfaces.</summary>
internal interface IPlugin
{
    string Name { get; }
}
