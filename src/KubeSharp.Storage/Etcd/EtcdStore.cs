using System.Runtime.CompilerServices;
using System.Text;
using Etcdserverpb;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.Extensions.Logging;
using Mvccpb;

namespace KubeSharp.Storage.Etcd;

/// <summary>
/// The store on etcd v3, through its gRPC API: a write is a transaction comparing the key's revision, a list is a range
/// read at a revision, a watch is one gRPC watch stream with prev_kv. Keys are stored under
/// <see cref="StoreOptions.EtcdKeyPrefix"/>.
/// </summary>
internal sealed class EtcdStore : IStore
{
    private readonly GrpcChannel _channel;
    private readonly KV.KVClient _kv;
    private readonly Watch.WatchClient _watch;
    private readonly string _prefix;
    private readonly StoreOptions _options;
    private readonly ILogger _logger;

    public EtcdStore(string endpoints, StoreOptions options, ILogger logger)
    {
        _channel = EtcdChannelFactory.Create(endpoints);
        _kv = new KV.KVClient(_channel);
        _watch = new Watch.WatchClient(_channel);
        _prefix = options.EtcdKeyPrefix;
        _options = options;
        _logger = logger;
        EtcdStoreLog.Connected(logger, endpoints, _prefix);
    }

    public async Task<long> GetCurrentRevisionAsync(CancellationToken cancellationToken)
    {
        var response = await CallAsync(() => _kv.RangeAsync(new RangeRequest { Key = ToKey("\0"), CountOnly = true, Limit = 1 }, cancellationToken: cancellationToken), 0);
        return response.Header.Revision;
    }

    public async Task<StoreEntry?> GetAsync(string key, CancellationToken cancellationToken)
    {
        var response = await CallAsync(() => _kv.RangeAsync(new RangeRequest { Key = ToKey(key) }, cancellationToken: cancellationToken), 0);
        return response.Kvs.Count == 0 ? null : ToEntry(response.Kvs[0]);
    }

    public async Task<long> CountAsync(string prefix, CancellationToken cancellationToken)
    {
        var response = await CallAsync(
            () => _kv.RangeAsync(new RangeRequest { Key = ToKey(prefix), RangeEnd = RangeEnd(prefix), CountOnly = true }, cancellationToken: cancellationToken), 0);
        return response.Count;
    }

    public async Task<StoreListResult> ListAsync(string prefix, StoreListOptions options, CancellationToken cancellationToken)
    {
        var request = new RangeRequest
        {
            Key = ToKey(KeyRange.Start(prefix, options.StartKey)),
            RangeEnd = RangeEnd(prefix),
            Revision = options.Revision,
            Limit = options.Limit > 0 ? options.Limit + 1 : 0,
        };
        var response = await CallAsync(() => _kv.RangeAsync(request, cancellationToken: cancellationToken), options.Revision);
        var revision = options.Revision > 0 ? options.Revision : response.Header.Revision;
        var items = new List<StoreEntry>(response.Kvs.Count);
        foreach (var kv in response.Kvs)
        {
            items.Add(ToEntry(kv));
        }

        if (options.Limit <= 0 || items.Count <= options.Limit)
        {
            return new StoreListResult(items, revision, null, 0);
        }

        var nextKey = items[options.Limit].Key;
        items.RemoveAt(options.Limit);
        return new StoreListResult(items, revision, nextKey, response.Count - options.Limit);
    }

    public async Task<StoreEntry> CreateAsync(string key, byte[] value, CancellationToken cancellationToken)
    {
        var k = ToKey(key);
        var txn = new TxnRequest();
        txn.Compare.Add(new Compare { Key = k, Target = Compare.Types.CompareTarget.Create, Result = Compare.Types.CompareResult.Equal, CreateRevision = 0 });
        txn.Success.Add(new RequestOp { RequestPut = new PutRequest { Key = k, Value = UnsafeByteOperations.UnsafeWrap(value) } });
        var response = await CallAsync(() => _kv.TxnAsync(txn, cancellationToken: cancellationToken), 0);
        if (!response.Succeeded)
        {
            throw new StoreKeyExistsException(key);
        }

        var revision = response.Header.Revision;
        return new StoreEntry(key, value, revision, revision);
    }

    public async Task<StoreEntry> UpdateAsync(string key, byte[] value, long expectedModRevision, CancellationToken cancellationToken)
    {
        var k = ToKey(key);
        var txn = new TxnRequest();
        txn.Compare.Add(new Compare { Key = k, Target = Compare.Types.CompareTarget.Create, Result = Compare.Types.CompareResult.Greater, CreateRevision = 0 });
        txn.Compare.Add(new Compare { Key = k, Target = Compare.Types.CompareTarget.Mod, Result = Compare.Types.CompareResult.Equal, ModRevision = expectedModRevision });
        txn.Success.Add(new RequestOp { RequestPut = new PutRequest { Key = k, Value = UnsafeByteOperations.UnsafeWrap(value), PrevKv = true } });
        txn.Failure.Add(new RequestOp { RequestRange = new RangeRequest { Key = k } });
        var response = await CallAsync(() => _kv.TxnAsync(txn, cancellationToken: cancellationToken), 0);
        if (!response.Succeeded)
        {
            throw Mismatch(key, response);
        }

        var revision = response.Header.Revision;
        var previous = response.Responses[0].ResponsePut.PrevKv;
        return new StoreEntry(key, value, previous?.CreateRevision ?? revision, revision);
    }

    public async Task<StoreEntry> DeleteAsync(string key, long expectedModRevision, CancellationToken cancellationToken)
    {
        var k = ToKey(key);
        var txn = new TxnRequest();
        txn.Compare.Add(new Compare { Key = k, Target = Compare.Types.CompareTarget.Create, Result = Compare.Types.CompareResult.Greater, CreateRevision = 0 });
        if (expectedModRevision != 0)
        {
            txn.Compare.Add(new Compare { Key = k, Target = Compare.Types.CompareTarget.Mod, Result = Compare.Types.CompareResult.Equal, ModRevision = expectedModRevision });
        }

        txn.Success.Add(new RequestOp { RequestDeleteRange = new DeleteRangeRequest { Key = k, PrevKv = true } });
        txn.Failure.Add(new RequestOp { RequestRange = new RangeRequest { Key = k } });
        var response = await CallAsync(() => _kv.TxnAsync(txn, cancellationToken: cancellationToken), 0);
        if (!response.Succeeded)
        {
            throw Mismatch(key, response);
        }

        var previous = response.Responses[0].ResponseDeleteRange.PrevKvs;
        if (previous.Count == 0)
        {
            throw new StoreKeyNotFoundException(key);
        }

        return ToEntry(previous[0]) with { ModRevision = response.Header.Revision };
    }

    public async IAsyncEnumerable<StoreWatchEvent> WatchAsync(string prefix, long fromRevision, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var call = _watch.Watch(cancellationToken: cts.Token);
        using var sending = new SemaphoreSlim(1);
        await call.RequestStream.WriteAsync(new WatchRequest
        {
            CreateRequest = new WatchCreateRequest
            {
                Key = ToKey(prefix),
                RangeEnd = RangeEnd(prefix),
                StartRevision = fromRevision > 0 ? fromRevision + 1 : 0,
                PrevKv = true,
                ProgressNotify = true,
            },
        }, cts.Token);

        // etcd only sends progress notifications every few minutes on its own; when the watch has been idle for a
        // bookmark interval, ask for one (the answer carries the store's revision and becomes a Bookmark).
        var active = 0;
        using var timer = _options.TimeProvider.CreateTimer(
            _ => { if (Interlocked.Exchange(ref active, 0) == 0) { _ = RequestProgressAsync(call, sending, cts.Token); } },
            null,
            _options.BookmarkInterval,
            _options.BookmarkInterval);
        var lastRevision = fromRevision;
        while (await MoveNextAsync(call.ResponseStream, cancellationToken))
        {
            var response = call.ResponseStream.Current;
            if (response.CompactRevision > 0)
            {
                throw new StoreCompactedException(fromRevision, response.CompactRevision);
            }

            if (response.Canceled)
            {
                throw new InvalidOperationException($"etcd cancelled the watch on {prefix}: {response.CancelReason}");
            }

            if (response.Created)
            {
                continue;
            }

            if (response.Events.Count == 0)
            {
                lastRevision = Math.Max(lastRevision, response.Header.Revision);
                yield return new StoreWatchEvent(StoreWatchEventType.Bookmark, lastRevision, null, null);
                continue;
            }

            Volatile.Write(ref active, 1);
            foreach (var e in response.Events)
            {
                lastRevision = e.Kv.ModRevision;
                yield return ToEvent(e);
            }
        }

        throw new InvalidOperationException($"etcd ended the watch on {prefix}");
    }

    public async Task CompactAsync(long revision, CancellationToken cancellationToken)
    {
        try
        {
            await _kv.CompactAsync(new CompactionRequest { Revision = revision, Physical = true }, cancellationToken: cancellationToken);
        }
        catch (RpcException ex) when (ex.StatusCode == StatusCode.OutOfRange && ex.Status.Detail.Contains("compacted", StringComparison.Ordinal))
        {
            // Already compacted at or beyond this revision: nothing to do.
        }
        catch (RpcException ex) when (ex.StatusCode == StatusCode.OutOfRange)
        {
            throw new ArgumentOutOfRangeException(nameof(revision), revision, ex.Status.Detail);
        }
    }

    /// <summary>
    /// etcd does not report its compacted revision directly, but a read at a revision below it fails: the smallest
    /// revision that can still be read is the compacted one.
    /// </summary>
    public async Task<long> GetCompactedRevisionAsync(CancellationToken cancellationToken)
    {
        long low = 1;
        var high = await GetCurrentRevisionAsync(cancellationToken);
        if (high <= 1 || await CanReadAtAsync(1, cancellationToken))
        {
            return 0;
        }

        // Invariant: reading at low fails, reading at high succeeds.
        while (high - low > 1)
        {
            var middle = low + ((high - low) / 2);
            if (await CanReadAtAsync(middle, cancellationToken))
            {
                high = middle;
            }
            else
            {
                low = middle;
            }
        }

        return high;
    }

    public ValueTask DisposeAsync()
    {
        _channel.Dispose();
        return ValueTask.CompletedTask;
    }

    private async Task<bool> CanReadAtAsync(long revision, CancellationToken cancellationToken)
    {
        try
        {
            await _kv.RangeAsync(new RangeRequest { Key = ToKey("\0"), CountOnly = true, Limit = 1, Revision = revision }, cancellationToken: cancellationToken);
            return true;
        }
        catch (RpcException ex) when (ex.StatusCode == StatusCode.OutOfRange)
        {
            return false;
        }
    }

    private async Task RequestProgressAsync(AsyncDuplexStreamingCall<WatchRequest, WatchResponse> call, SemaphoreSlim sending, CancellationToken cancellationToken)
    {
        if (!await sending.WaitAsync(0, cancellationToken))
        {
            return;
        }

        try
        {
            await call.RequestStream.WriteAsync(new WatchRequest { ProgressRequest = new WatchProgressRequest() }, cancellationToken);
        }
        catch (Exception ex) when (ex is RpcException or InvalidOperationException or OperationCanceledException or ObjectDisposedException)
        {
            EtcdStoreLog.ProgressRequestFailed(_logger, ex);
        }
        finally
        {
            sending.Release();
        }
    }

    private static async Task<bool> MoveNextAsync(IAsyncStreamReader<WatchResponse> stream, CancellationToken cancellationToken)
    {
        try
        {
            return await stream.MoveNext(cancellationToken);
        }
        catch (RpcException ex) when (ex.StatusCode == StatusCode.Cancelled && cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException(cancellationToken);
        }
    }

    /// <summary>Runs a call, turning etcd's "compacted" and "future revision" answers into the store's exceptions.</summary>
    private async Task<T> CallAsync<T>(Func<AsyncUnaryCall<T>> call, long revision)
    {
        try
        {
            return await call();
        }
        catch (RpcException ex) when (ex.StatusCode == StatusCode.OutOfRange && ex.Status.Detail.Contains("compacted", StringComparison.Ordinal))
        {
            throw new StoreCompactedException(revision, await GetCompactedRevisionAsync(CancellationToken.None));
        }
        catch (RpcException ex) when (ex.StatusCode == StatusCode.OutOfRange)
        {
            throw new ArgumentOutOfRangeException(nameof(revision), revision, ex.Status.Detail);
        }
    }

    private StoreException Mismatch(string key, TxnResponse response)
    {
        var kvs = response.Responses[0].ResponseRange.Kvs;
        return kvs.Count == 0 ? new StoreKeyNotFoundException(key) : new StoreConflictException(key, ToEntry(kvs[0]));
    }

    private StoreWatchEvent ToEvent(Event e)
    {
        var previous = e.PrevKv is null ? null : ToEntry(e.PrevKv);
        if (e.Type == Event.Types.EventType.Delete)
        {
            var last = previous is null
                ? new StoreEntry(FromKey(e.Kv.Key), [], 0, e.Kv.ModRevision)
                : previous with { ModRevision = e.Kv.ModRevision };
            return new StoreWatchEvent(StoreWatchEventType.Deleted, e.Kv.ModRevision, last, previous);
        }

        var entry = ToEntry(e.Kv);
        return e.Kv.Version == 1
            ? new StoreWatchEvent(StoreWatchEventType.Added, e.Kv.ModRevision, entry, null)
            : new StoreWatchEvent(StoreWatchEventType.Modified, e.Kv.ModRevision, entry, previous);
    }

    private StoreEntry ToEntry(KeyValue kv) => new(FromKey(kv.Key), kv.Value.ToByteArray(), kv.CreateRevision, kv.ModRevision);

    private ByteString ToKey(string key) => ByteString.CopyFromUtf8(_prefix + key);

    private string FromKey(ByteString key)
    {
        var full = key.ToStringUtf8();
        return full[_prefix.Length..];
    }

    /// <summary>etcd's prefix range end: the prefix's bytes with the last byte below 0xff incremented.</summary>
    private ByteString RangeEnd(string prefix)
    {
        var bytes = Encoding.UTF8.GetBytes(_prefix + prefix);
        for (var i = bytes.Length - 1; i >= 0; i--)
        {
            if (bytes[i] < 0xff)
            {
                bytes[i]++;
                return ByteString.CopyFrom(bytes.AsSpan(0, i + 1));
            }
        }

        // Every byte is 0xff (or there are none): "\0" means "to the end of the key space".
        return ByteString.CopyFrom(0);
    }

    public override string ToString() => $"etcd:{_channel.Target}";
}
