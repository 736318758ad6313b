namespace KubeSharp.Controllers.Runtime;

/// <summary>
/// One control loop of the controller manager. It registers its informer handlers in its constructor (handlers only
/// enqueue keys), and <see cref="RunAsync"/> runs its workers until cancelled, after the informers have synced.
/// </summary>
internal interface IController
{
    /// <summary>Upstream's controller name, e.g. "replicaset", "garbage-collector", "namespace".</summary>
    string Name { get; }

    Task RunAsync(CancellationToken cancellationToken);
}
