namespace KubeSharp.ApiServer.Printers;

/// <summary>Column definitions shared by many printers, worded as upstream.</summary>
internal static class PrinterColumns
{
    public static TableColumn Name { get; } = new("Name", "string", "name",
        "Name must be unique within a namespace. Is required when creating resources, although some resources may allow a " +
        "client to request the generation of an appropriate name automatically. Name is primarily intended for creation " +
        "idempotence and configuration definition. Cannot be updated. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names");

    public static TableColumn Age { get; } = new("Age", "string", "",
        "CreationTimestamp is a timestamp representing the server time when this object was created. It is not guaranteed to be " +
        "set in happens-before order across separate operations. Clients may not set this value. It is represented in RFC3339 " +
        "form and is in UTC.\n\nPopulated by the system. Read-only. Null for lists. More info: " +
        "https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata");

    public static TableColumn CreatedAt { get; } = new("Created At", "date", "", Age.Description);

    public static TableColumn Containers { get; } = new("Containers", "string", "", "Names of each container in the template.", 1);

    public static TableColumn Images { get; } = new("Images", "string", "", "Images referenced by each container in the template.", 1);

    public static TableColumn Selector { get; } = new("Selector", "string", "",
        "Label query over pods that should match the replica count. It must match the pod template's labels.", 1);

    public static TableColumn S(string name, string description, int priority = 0) => new(name, "string", "", description, priority);

    public static TableColumn Int(string name, string description, int priority = 0) => new(name, "integer", "", description, priority);

    public static TableColumn Bool(string name, string description, int priority = 0) => new(name, "boolean", "", description, priority);
}
