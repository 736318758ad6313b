using System.Buffers;
using System.IO.Pipelines;
using System.Net;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using k8s;
using k8s.Autorest;
using k8s.Models;
using KubeSharp.Api.Serialization;

namespace KubeSharp.Client;

/// <summary>
/// List (paged by 500) and watch (line-delimited JSON) of one resource path. Objects are read without their managedFields
/// (<see cref="KubernetesJsonOptions.WithoutManagedFields"/>), as client-go's informers strip them.
/// </summary>
internal sealed class RestListWatch<T, TList>
    where T : class, IKubernetesObject<V1ObjectMeta>
    where TList : class, IItems<T>, IMetadata<V1ListMeta>
{
    private const int PageSize = 500;
    private static readonly TimeSpan ListTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan WatchGrace = TimeSpan.FromSeconds(60);

    private readonly RestTransport _transport;
    private readonly string? _fieldSelector;
    private readonly string? _labelSelector;
    private readonly string _kind;
    private readonly string _apiVersion;

    public RestListWatch(RestTransport transport, string group, string version, string plural, string? @namespace,
        string? fieldSelector, string? labelSelector)
    {
        _transport = transport;
        _fieldSelector = fieldSelector;
        _labelSelector = labelSelector;
        var prefix = group.Length == 0 ? $"api/{version}" : $"apis/{group}/{version}";
        Path = string.IsNullOrEmpty(@namespace) ? $"{prefix}/{plural}" : $"{prefix}/namespaces/{@namespace}/{plural}";
        _apiVersion = group.Length == 0 ? version : $"{group}/{version}";
        _kind = typeof(T).GetCustomAttribute<KubernetesEntityAttribute>()?.Kind ?? typeof(T).Name;
    }

    public string Path { get; }

    public async Task<(IReadOnlyList<T> Items, string ResourceVersion)> ListAsync(CancellationToken cancellationToken)
    {
        var items = new List<T>();
        string? continueToken = null;
        var resourceVersion = "";
        do
        {
            var query = Query($"limit={PageSize}", "continue", continueToken);
            TList list;
            try
            {
                list = await GetListAsync(query, cancellationToken).ConfigureAwait(false);
            }
            catch (HttpOperationException e) when (continueToken is not null && e.Response?.StatusCode == HttpStatusCode.Gone)
            {
                // The continue token expired mid-list: start over for a consistent snapshot.
                items.Clear();
                continueToken = null;
                continue;
            }

            foreach (var item in list.Items ?? [])
            {
                // Lists carry kind/apiVersion only on the list itself; consumers (events, owner references) want them per item.
                item.Kind ??= _kind;
                item.ApiVersion ??= _apiVersion;
                items.Add(item);
            }

            resourceVersion = list.Metadata?.ResourceVersion ?? "";
            continueToken = string.IsNullOrEmpty(list.Metadata?.ContinueProperty) ? null : list.Metadata.ContinueProperty;
        }
        while (continueToken is not null);

        return (items, resourceVersion);
    }

    private async Task<TList> GetListAsync(string query, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(ListTimeout);
        using var response = await _transport.GetAsync(Path + query, timeout.Token).ConfigureAwait(false);
        await using var stream = await response.Content.ReadAsStreamAsync(timeout.Token).ConfigureAwait(false);
        return await JsonSerializer.DeserializeAsync<TList>(stream, KubernetesJsonOptions.WithoutManagedFields, timeout.Token).ConfigureAwait(false)
            ?? throw new InvalidDataException($"Empty list response from {Path}.");
    }

    public async IAsyncEnumerable<WatchEvent<T>> WatchAsync(string resourceVersion, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // Like client-go, end each watch after a random 5-10 minutes so load spreads and stale connections are noticed.
        var timeoutSeconds = 300 + Random.Shared.Next(300);
        var query = Query($"watch=true&allowWatchBookmarks=true&timeoutSeconds={timeoutSeconds}", "resourceVersion", resourceVersion);
        // The server ends the watch at timeoutSeconds; a connection that silently died would otherwise be read forever.
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(TimeSpan.FromSeconds(timeoutSeconds) + WatchGrace);
        using var response = await _transport.GetAsync(Path + query, deadline.Token).ConfigureAwait(false);
        await using var stream = await response.Content.ReadAsStreamAsync(deadline.Token).ConfigureAwait(false);
        // Lines are parsed as the UTF-8 they arrive in: reading them as strings transcoded every event twice.
        var reader = PipeReader.Create(stream);
        try
        {
            while (true)
            {
                var result = await reader.ReadAsync(deadline.Token).ConfigureAwait(false);
                var buffer = result.Buffer;
                var events = new List<WatchEvent<T>>();
                while (buffer.PositionOf((byte)'\n') is { } end)
                {
                    AddEvent(events, buffer.Slice(0, end));
                    buffer = buffer.Slice(buffer.GetPosition(1, end));
                }

                if (result.IsCompleted)
                {
                    AddEvent(events, buffer);
                    buffer = buffer.Slice(buffer.End);
                }

                reader.AdvanceTo(buffer.Start, buffer.End);
                foreach (var e in events)
                {
                    yield return e;
                }

                if (result.IsCompleted)
                {
                    yield break;
                }
            }
        }
        finally
        {
            await reader.CompleteAsync().ConfigureAwait(false);
        }
    }

    private void AddEvent(List<WatchEvent<T>> events, ReadOnlySequence<byte> line)
    {
        if (!IsBlank(line))
        {
            events.Add(Parse(line));
        }
    }

    private static bool IsBlank(ReadOnlySequence<byte> line)
    {
        foreach (var segment in line)
        {
            if (segment.Span.IndexOfAnyExcept(" \t\r"u8) >= 0)
            {
                return false;
            }
        }

        return true;
    }

    private WatchEvent<T> Parse(ReadOnlySequence<byte> line)
    {
        // The server writes "type" before "object": the object is then read straight into its typed form, with no
        // JsonDocument in between (that copy of every event showed up in the scale profiles). Other orders take the slow path.
        var reader = new Utf8JsonReader(line);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            throw new InvalidDataException($"A watch event from {Path} is not a JSON object.");
        }

        WatchEventType? type = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("type"u8))
            {
                reader.Read();
                type = EventType(reader.TokenType == JsonTokenType.String ? reader.GetString() : null);
            }
            else if (reader.ValueTextEquals("object"u8) && type is { } known)
            {
                reader.Read();
                return Event(known, ref reader);
            }
            else if (reader.ValueTextEquals("object"u8))
            {
                return ParseDocument(line);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        throw new InvalidDataException($"A watch event from {Path} has no object.");
    }

    private WatchEvent<T> Event(WatchEventType type, ref Utf8JsonReader reader)
    {
        if (type == WatchEventType.Error)
        {
            return new WatchEvent<T>(type, null, JsonSerializer.Deserialize<V1Status>(ref reader, KubernetesJsonOptions.Shared));
        }

        var obj = JsonSerializer.Deserialize<T>(ref reader, KubernetesJsonOptions.WithoutManagedFields)
            ?? throw new InvalidDataException($"A {type} watch event from {Path} has a null object.");
        obj.Kind ??= _kind;
        obj.ApiVersion ??= _apiVersion;
        return new WatchEvent<T>(type, obj, null);
    }

    private WatchEvent<T> ParseDocument(ReadOnlySequence<byte> line)
    {
        using var document = JsonDocument.Parse(line);
        var root = document.RootElement;
        var type = EventType(root.GetProperty("type").GetString());
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(root.GetProperty("object").GetRawText()));
        reader.Read();
        return Event(type, ref reader);
    }

    private WatchEventType EventType(string? type) => type switch
    {
        "ADDED" => WatchEventType.Added,
        "MODIFIED" => WatchEventType.Modified,
        "DELETED" => WatchEventType.Deleted,
        "BOOKMARK" => WatchEventType.Bookmark,
        "ERROR" => WatchEventType.Error,
        var other => throw new InvalidDataException($"Unknown watch event type '{other}' from {Path}."),
    };

    private string Query(string fixedPart, string name, string? value)
    {
        var query = new StringBuilder("?").Append(fixedPart);
        AppendParameter(query, name, value);
        AppendParameter(query, "fieldSelector", _fieldSelector);
        AppendParameter(query, "labelSelector", _labelSelector);
        return query.ToString();
    }

    private static void AppendParameter(StringBuilder query, string name, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            query.Append('&').Append(name).Append('=').Append(Uri.EscapeDataString(value));
        }
    }
}
