namespace KubeSharp.Storage;

public enum StoreWatchEventType
{
    Added,
    Modified,
    Deleted,
    Bookmark,
}
