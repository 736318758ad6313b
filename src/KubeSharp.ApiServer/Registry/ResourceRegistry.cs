using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using KubeSharp.Api.Errors;
using KubeSharp.Api.Objects;
using KubeSharp.ApiServer.Patch;
using KubeSharp.ApiServer.Registry.Validation;
using KubeSharp.ApiServer.Registry.Watch;
using KubeSharp.Storage;

namespace KubeSharp.ApiServer.Registry;

/// <summary>
/// The generic storage of one resource (upstream's genericregistry.Store): metadata, strategy, validation, optimistic
/// concurrency, finalizers and graceful deletion, lists with selectors and paging, and watches, all on JSON.
/// </summary>
internal sealed class ResourceRegistry
{
    /// <summary>How often a create with generateName tries a new name when the generated one is taken (upstream: 7).</summary>
    public const int MaxGenerateNameRetries = 7;

    private readonly IStore _store;
    private readonly RegistryContext _context;
    private readonly WatchCache _watchCache;

    public ResourceRegistry(ResourceInfo resource, IStore store, RegistryContext context, ResourceStrategy? strategy = null, RegistryHooks? hooks = null)
    {
        Resource = resource;
        _store = store;
        _context = context;
        Strategy = strategy ?? ResourceStrategies.For(resource);
        Hooks = hooks ?? RegistryHooks.None;
        _watchCache = new WatchCache(store, StorageKeys.ListPrefix(resource, ""), Bookmark);
    }

    /// <summary>The resource's watch cache, which serves watches from recent revisions.</summary>
    internal WatchCache WatchCache => _watchCache;

    public ResourceInfo Resource { get; }

    public ResourceStrategy Strategy { get; }

    public RegistryHooks Hooks { get; }

    private string ApiVersion => ResourceInfo.ApiVersionOf(Resource.Group, Resource.StorageVersion);

    public async Task<JsonObject> GetAsync(string ns, string name, CancellationToken cancellationToken)
    {
        var entry = await _store.GetAsync(StorageKeys.Key(Resource, ns, name), cancellationToken).ConfigureAwait(false)
            ?? throw ApiException.NotFound(Resource.Group, Resource.Plural, name);
        return StoredObject.Decode(entry);
    }

    public async Task<JsonObject?> TryGetAsync(string ns, string name, CancellationToken cancellationToken)
    {
        var entry = await _store.GetAsync(StorageKeys.Key(Resource, ns, name), cancellationToken).ConfigureAwait(false);
        return entry is null ? null : StoredObject.Decode(entry);
    }

    /// <summary>
    /// The object as the watch cache last saw it when it has it, else as stored: for admission plugins, which upstream
    /// serves from informers (eventually consistent) and which must not read the store on every pod creation.
    /// </summary>
    public async Task<JsonObject?> TryGetRecentAsync(string ns, string name, CancellationToken cancellationToken) =>
        _watchCache.TryGet(StorageKeys.Key(Resource, ns, name), out var cached)
            ? StoredObject.Decode(cached)
            : await TryGetAsync(ns, name, cancellationToken).ConfigureAwait(false);

    /// <summary>Every object as the watch cache last saw it when it runs, else as stored: for admission plugins, as
    /// <see cref="TryGetRecentAsync"/>.</summary>
    public async Task<IReadOnlyList<JsonObject>> ListRecentAsync(string ns, CancellationToken cancellationToken) =>
        _watchCache.TryList(StorageKeys.ListPrefix(Resource, ns), out var cached)
            ? [.. cached.Select(StoredObject.Decode)]
            : (await ListAsync(ns, new ListOptions(), cancellationToken).ConfigureAwait(false)).Items;

    public async Task<ListResult> ListAsync(string ns, ListOptions options, CancellationToken cancellationToken)
    {
        FieldLabels.Check(Resource, options.Fields);
        var prefix = StorageKeys.ListPrefix(Resource, ns);
        long revision = 0;
        string? start = null;
        if (!string.IsNullOrEmpty(options.Continue))
        {
            (revision, start) = ContinueToken.Decode(options.Continue, prefix);
        }
        else if (options.ResourceVersionMatch == "Exact")
        {
            revision = ParseResourceVersion(options.ResourceVersion);
        }
        else if (options.ResourceVersionMatch is not ("" or "NotOlderThan"))
        {
            throw ApiException.BadRequest($"resourceVersionMatch: Unsupported value: \"{options.ResourceVersionMatch}\": supported values: \"Exact\", \"NotOlderThan\", \"\"");
        }

        var filtered = !options.Labels.IsEverything || !options.Fields.IsEverything;
        var items = new List<JsonObject>();
        string? lastKey = null;
        var more = false;
        long remaining = 0;
        while (true)
        {
            var pageSize = options.Limit > 0 ? Math.Max(options.Limit - items.Count, filtered ? 100 : 1) : 0;
            StoreListResult page;
            try
            {
                page = await _store.ListAsync(prefix, new StoreListOptions(revision, start, pageSize), cancellationToken).ConfigureAwait(false);
            }
            catch (StoreCompactedException e) when (!string.IsNullOrEmpty(options.Continue))
            {
                throw new ApiException(410, "Expired",
                    $"The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter. ({e.Message})");
            }
            catch (StoreCompactedException e)
            {
                throw ApiException.Expired($"too old resource version: {e.Requested} ({e.Compacted})");
            }

            revision = page.Revision;
            for (var i = 0; i < page.Items.Count; i++)
            {
                var entry = page.Items[i];
                var obj = StoredObject.Decode(entry);
                if (!filtered || FieldLabels.Matches(options, obj))
                {
                    items.Add(obj);
                    lastKey = entry.Key;
                    if (options.Limit > 0 && items.Count >= options.Limit)
                    {
                        more = i < page.Items.Count - 1 || page.NextKey is not null;
                        remaining = page.RemainingCount + (page.Items.Count - 1 - i);
                        break;
                    }
                }
            }

            if ((options.Limit > 0 && items.Count >= options.Limit) || page.NextKey is null)
            {
                break;
            }

            start = page.NextKey;
        }

        string? token = more && lastKey is not null ? ContinueToken.Encode(revision, lastKey + "\0", prefix) : null;
        return new ListResult(items, revision, token, more && !filtered ? remaining : null);
    }

    public async Task<JsonObject> CreateAsync(string ns, JsonObject obj, WriteOptions options, CancellationToken cancellationToken)
    {
        var meta = Meta.Metadata(obj);
        if (Resource.Namespaced)
        {
            var objNs = Meta.GetString(meta, "namespace") ?? "";
            if (objNs.Length == 0)
            {
                meta["namespace"] = ns;
            }
            else if (objNs != ns)
            {
                throw ApiException.BadRequest("the namespace of the provided object does not match the namespace sent on the request");
            }
        }
        else
        {
            meta.Remove("namespace");
        }

        string? generatedFrom = null;
        if (string.IsNullOrEmpty(Meta.GetString(meta, "name")) && Meta.GetString(meta, "generateName") is { Length: > 0 } generateName)
        {
            meta["name"] = NameGenerator.Generate(generateName);
            generatedFrom = generateName;
        }

        var now = _context.Time.GetUtcNow();
        foreach (var field in (string[])["resourceVersion", "deletionTimestamp", "deletionGracePeriodSeconds", "selfLink"])
        {
            meta.Remove(field);
        }

        meta["uid"] = Guid.NewGuid().ToString();
        meta["creationTimestamp"] = Meta.FormatTime(now);
        if (TracksGeneration)
        {
            meta["generation"] = 1;
        }
        else
        {
            meta.Remove("generation");
        }

        if (Resource.HasSubresource("status") && Resource.Plural is not ("nodes" or "customresourcedefinitions"))
        {
            obj.Remove("status");
        }

        Strategy.ApplyDefaults(obj);
        Strategy.PrepareForCreate(obj);
        var name = Meta.Name(obj);
        if (Resource.Namespaced && Resource.Stored)
        {
            await CheckNamespaceAsync(ns, name, cancellationToken).ConfigureAwait(false);
        }

        var errors = new List<FieldError>();
        ObjectMetaValidator.Validate(obj, Resource, errors);
        Strategy.Validate(obj, errors);
        if (errors.Count > 0)
        {
            throw ApiException.Invalid(Resource.Group, Resource.Kind, name, errors);
        }

        options.Warnings.AddRange(Strategy.Warnings(obj));
        ManagedFields.RecordUpdate(null, obj, options.FieldManager, options.ApiVersion.Length > 0 ? options.ApiVersion : ApiVersion, now);
        await Hooks.BeforeCreateAsync(obj, options.DryRun, cancellationToken).ConfigureAwait(false);
        if (options.DryRun)
        {
            return obj;
        }

        for (var attempt = 0; ; attempt++)
        {
            try
            {
                var entry = await _store.CreateAsync(StorageKeys.Key(Resource, ns, name), StoredObject.Encode(obj), cancellationToken).ConfigureAwait(false);
                meta["resourceVersion"] = entry.ModRevision.ToString(CultureInfo.InvariantCulture);
                return obj;
            }
            catch (StoreKeyExistsException) when (generatedFrom is not null && attempt < MaxGenerateNameRetries)
            {
                // A generated name that is taken is generated again, as upstream's RetryGenerateName (GA in 1.32).
                name = NameGenerator.Generate(generatedFrom);
                meta["name"] = name;
            }
            catch (StoreKeyExistsException)
            {
                await Hooks.CreateFailedAsync(obj, CancellationToken.None).ConfigureAwait(false);
                throw ApiException.AlreadyExists(Resource.Group, Resource.Plural, name);
            }
            catch
            {
                await Hooks.CreateFailedAsync(obj, CancellationToken.None).ConfigureAwait(false);
                throw;
            }
        }
    }

    /// <summary>
    /// Updates an object through <paramref name="transform"/>, which gets the current object (null if none) and returns the
    /// desired one; it is run again with the fresh object when a concurrent write wins. Handles main resource vs status
    /// subresource, generation, validation, and deletion once the last finalizer is gone.
    /// </summary>
    public async Task<(JsonObject Object, bool Created)> UpdateAsync(string ns, string name, string subresource,
        Func<JsonObject?, JsonObject> transform, bool allowCreate, WriteOptions options, CancellationToken cancellationToken)
    {
        try
        {
            return await UpdateCoreAsync(ns, name, subresource, transform, allowCreate, options, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            ForgetIfNamespace(name);
        }
    }

    private async Task<(JsonObject Object, bool Created)> UpdateCoreAsync(string ns, string name, string subresource,
        Func<JsonObject?, JsonObject> transform, bool allowCreate, WriteOptions options, CancellationToken cancellationToken)
    {
        var key = StorageKeys.Key(Resource, ns, name);
        for (var attempt = 0; ; attempt++)
        {
            // The first attempt starts from the watch cache's entry when it has one (upstream's cachedExistingObject): the
            // write is conditional on its revision, so a stale entry costs a conflict and a store read, never a lost
            // write. Whatever a stale entry makes us decide without writing (an error, a no-op) is decided again on
            // the store's entry, as upstream does; so is a dry run, which writes nothing a stale entry could be caught by.
            StoreEntry? cached = null;
            var fromCache = attempt == 0 && !options.DryRun && _watchCache.TryGet(key, out cached);
            var entry = fromCache ? cached : await _store.GetAsync(key, cancellationToken).ConfigureAwait(false);
            if (entry is null)
            {
                if (!allowCreate || subresource.Length > 0)
                {
                    throw ApiException.NotFound(Resource.Group, Resource.Plural, name);
                }

                var created = transform(null);
                CheckNameMatches(created, name);
                try
                {
                    return (await CreateAsync(ns, created, options, cancellationToken).ConfigureAwait(false), true);
                }
                catch (ApiException e) when (e.Reason == "AlreadyExists" && attempt < 10)
                {
                    continue;
                }
            }

            var current = StoredObject.Decode(entry);
            JsonObject updated;
            try
            {
                var desired = transform((JsonObject)current.DeepClone());
                CheckNameMatches(desired, name);
                updated = PrepareUpdate(desired, current, subresource, options);
            }
            catch (ApiException) when (fromCache)
            {
                continue;
            }

            if (NoOpUpdate.Same(updated, current))
            {
                if (fromCache)
                {
                    continue;
                }

                return (current, false);
            }

            if (Meta.HasDeletionTimestamp(updated) && !HasPendingFinalizers(updated) && !GracefulDeletionPending(updated))
            {
                if (options.DryRun)
                {
                    return (updated, false);
                }

                try
                {
                    var deleted = await _store.DeleteAsync(key, entry.ModRevision, cancellationToken).ConfigureAwait(false);
                    await Hooks.AfterDeleteAsync(updated, cancellationToken).ConfigureAwait(false);
                    Meta.Metadata(updated)["resourceVersion"] = deleted.ModRevision.ToString(CultureInfo.InvariantCulture);
                    return (updated, false);
                }
                catch (StoreConflictException) when (attempt < 100)
                {
                    continue;
                }
            }

            Func<CancellationToken, Task>? release;
            try
            {
                release = await Hooks.BeforeUpdateAsync(updated, current, options.DryRun, cancellationToken).ConfigureAwait(false);
            }
            catch (ApiException) when (fromCache)
            {
                continue;
            }

            if (options.DryRun)
            {
                return (updated, false);
            }

            try
            {
                var written = await _store.UpdateAsync(key, StoredObject.Encode(updated), entry.ModRevision, cancellationToken).ConfigureAwait(false);
                Meta.Metadata(updated)["resourceVersion"] = written.ModRevision.ToString(CultureInfo.InvariantCulture);
                if (release is not null)
                {
                    await release(cancellationToken).ConfigureAwait(false);
                }

                return (updated, false);
            }
            catch (StoreConflictException) when (attempt < 100)
            {
                continue;
            }
            catch (StoreKeyNotFoundException)
            {
                throw ApiException.NotFound(Resource.Group, Resource.Plural, name);
            }
        }
    }

    /// <summary>Replaces an object (PUT): resourceVersion in the body, when given, must be the current one.</summary>
    public Task<(JsonObject Object, bool Created)> ReplaceAsync(string ns, string name, string subresource, JsonObject obj, WriteOptions options,
        CancellationToken cancellationToken) =>
        UpdateAsync(ns, name, subresource, current =>
        {
            var rv = Meta.ResourceVersion(obj);
            if (current is not null)
            {
                if (rv.Length > 0 && rv != Meta.ResourceVersion(current))
                {
                    throw ApiException.ConflictModified(Resource.Group, Resource.Plural, name);
                }

                if (rv.Length == 0 && !AllowUnconditionalUpdate)
                {
                    throw new ApiException(422, "Invalid", $"{Resource.Kind} \"{name}\" is invalid: metadata.resourceVersion: Invalid value: 0x0: must be specified for an update",
                        new StatusDetails(name, Resource.Group, Resource.Kind, [new StatusCause("FieldValueInvalid", "Invalid value: 0x0: must be specified for an update", "metadata.resourceVersion")]));
                }
            }

            return (JsonObject)obj.DeepClone();
        }, allowCreate: false, options, cancellationToken);

    public async Task<(JsonObject Object, bool Deleted)> DeleteAsync(string ns, string name, DeleteOptions options, CancellationToken cancellationToken)
    {
        try
        {
            return await DeleteCoreAsync(ns, name, options, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            ForgetIfNamespace(name);
        }
    }

    /// <summary>A namespace write ends the lifecycle checks' memory of it, so this server refuses writes into it at once.</summary>
    private void ForgetIfNamespace(string name)
    {
        if (IsNamespace)
        {
            _context.ForgetNamespace(name);
        }
    }

    private async Task<(JsonObject Object, bool Deleted)> DeleteCoreAsync(string ns, string name, DeleteOptions options, CancellationToken cancellationToken)
    {
        var key = StorageKeys.Key(Resource, ns, name);
        for (var attempt = 0; ; attempt++)
        {
            var entry = await _store.GetAsync(key, cancellationToken).ConfigureAwait(false)
                ?? throw ApiException.NotFound(Resource.Group, Resource.Plural, name);
            var current = StoredObject.Decode(entry);
            CheckPreconditions(current, options, name);
            var finalizers = Meta.Finalizers(current).ToList();
            var policy = options.PropagationPolicy ?? "Background";
            if (policy is not ("Orphan" or "Background" or "Foreground"))
            {
                throw ApiException.Invalid("meta.k8s.io", "DeleteOptions", "", [FieldError.NotSupported("propagationPolicy", policy, ["Foreground", "Background", "Orphan"])]);
            }

            if (!Meta.HasDeletionTimestamp(current))
            {
                if (policy == "Orphan" && !finalizers.Contains("orphan"))
                {
                    finalizers.Add("orphan");
                }
                else if (policy == "Foreground" && !finalizers.Contains("foregroundDeletion"))
                {
                    finalizers.Add("foregroundDeletion");
                }
            }

            var grace = GracePeriod(current, options);
            var now = _context.Time.GetUtcNow();
            if (finalizers.Count > 0 || grace > 0 || IsNamespaceWithFinalizers(current))
            {
                var updated = (JsonObject)current.DeepClone();
                var meta = Meta.Metadata(updated);
                if (IsNamespace)
                {
                    // The namespace controller empties it, then removes spec.finalizers through namespaces/finalize.
                    var status = updated["status"] as JsonObject ?? new JsonObject();
                    updated["status"] = status;
                    status["phase"] = "Terminating";
                }

                var existingGrace = Meta.GetLong(meta, "deletionGracePeriodSeconds");
                if (!Meta.HasDeletionTimestamp(updated) || (existingGrace is { } g && grace < g))
                {
                    meta["deletionTimestamp"] = Meta.FormatTime(now.AddSeconds(grace));
                    meta["deletionGracePeriodSeconds"] = grace;
                }

                Meta.SetFinalizers(updated, finalizers);
                if (JsonNode.DeepEquals(updated, current) || options.DryRun)
                {
                    return (updated, false);
                }

                try
                {
                    var written = await _store.UpdateAsync(key, StoredObject.Encode(updated), entry.ModRevision, cancellationToken).ConfigureAwait(false);
                    meta["resourceVersion"] = written.ModRevision.ToString(CultureInfo.InvariantCulture);
                    return (updated, false);
                }
                catch (StoreConflictException) when (attempt < 100)
                {
                    continue;
                }
            }

            if (options.DryRun)
            {
                return (current, true);
            }

            try
            {
                var deleted = await _store.DeleteAsync(key, entry.ModRevision, cancellationToken).ConfigureAwait(false);
                await Hooks.AfterDeleteAsync(current, cancellationToken).ConfigureAwait(false);
                Meta.Metadata(current)["resourceVersion"] = deleted.ModRevision.ToString(CultureInfo.InvariantCulture);
                return (current, true);
            }
            catch (StoreConflictException) when (attempt < 100)
            {
            }
            catch (StoreKeyNotFoundException)
            {
                throw ApiException.NotFound(Resource.Group, Resource.Plural, name);
            }
        }
    }

    public async IAsyncEnumerable<WatchEvent> WatchAsync(string ns, ListOptions options, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        FieldLabels.Check(Resource, options.Fields);
        var prefix = StorageKeys.ListPrefix(Resource, ns);
        long from;
        var initial = options.SendInitialEvents ?? options.ResourceVersion is "" or "0";
        if (initial)
        {
            var snapshot = await ListAsync(ns, options with { Limit = 0, Continue = null, ResourceVersionMatch = "" }, cancellationToken).ConfigureAwait(false);
            foreach (var item in snapshot.Items)
            {
                yield return new WatchEvent("ADDED", item);
            }

            from = snapshot.ResourceVersion;
            if (options.SendInitialEvents == true && options.AllowWatchBookmarks)
            {
                var bookmark = Bookmark(from);
                Meta.Metadata(bookmark)["annotations"] = new JsonObject { ["k8s.io/initial-events-end"] = "true" };
                yield return new WatchEvent("BOOKMARK", bookmark);
            }
        }
        else
        {
            from = ParseResourceVersion(options.ResourceVersion);
        }

        if (from == 0)
        {
            // "From now on": the cache may not have seen the newest writes yet, so pin "now" to the store's revision.
            from = await _store.GetCurrentRevisionAsync(cancellationToken).ConfigureAwait(false);
        }

        var watcher = await _watchCache.JoinAsync(prefix, from, options, cancellationToken).ConfigureAwait(false);
        if (watcher is not null)
        {
            try
            {
                while (await watcher.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    while (watcher.Reader.TryRead(out var cached))
                    {
                        yield return cached;
                    }
                }
            }
            finally
            {
                _watchCache.Leave(watcher);
            }

            yield break;
        }

        var filtered = !options.Labels.IsEverything || !options.Fields.IsEverything;
        await using var events = _store.WatchAsync(prefix, from, cancellationToken).GetAsyncEnumerator(cancellationToken);
        while (true)
        {
            StoreWatchEvent e;
            WatchEvent? error = null;
            try
            {
                if (!await events.MoveNextAsync().ConfigureAwait(false))
                {
                    yield break;
                }

                e = events.Current;
            }
            catch (StoreCompactedException ex)
            {
                e = null!;
                error = new WatchEvent("ERROR", ApiException.Expired($"too old resource version: {ex.Requested} ({ex.Compacted})").ToStatus());
            }

            if (error is not null)
            {
                yield return error;
                yield break;
            }

            if (e.Type == StoreWatchEventType.Bookmark)
            {
                if (options.AllowWatchBookmarks)
                {
                    yield return new WatchEvent("BOOKMARK", Bookmark(e.Revision));
                }

                continue;
            }

            // Sent as the watch cache sends its events: the stored bytes with the resourceVersion spliced in, decoded only
            // for selectors (a watch the cache cannot serve, e.g. from before its window, is no dearer per event).
            var change = new CachedWatchEvent(e);
            var type = filtered ? WatchCache.FilteredType(options, change) : WatchCache.TypeName(e.Type);
            if (type is not null)
            {
                yield return new WatchEvent(type, change.Object);
            }
        }
    }

    private JsonObject Bookmark(long revision) => new()
    {
        ["kind"] = Resource.Kind,
        ["apiVersion"] = ApiVersion,
        ["metadata"] = new JsonObject { ["resourceVersion"] = revision.ToString(CultureInfo.InvariantCulture) },
    };

    private bool TracksGeneration => Resource.Group is "apps" or "batch" or "apiextensions.k8s.io" or "autoscaling" or "policy"
        || Resource.Plural is "replicationcontrollers" or "networkpolicies" || !BuiltInResources.IsBuiltIn(Resource);

    /// <summary>Resources upstream lets clients update without a resourceVersion (AllowUnconditionalUpdate).</summary>
    private bool AllowUnconditionalUpdate => true;

    /// <summary><paramref name="desired"/> with every top-level field but status made equal to <paramref name="current"/>'s.</summary>
    private static JsonObject StatusOnly(JsonObject desired, JsonObject current)
    {
        foreach (var name in desired.Where(p => p.Key == "status" ? p.Value is null : !current.ContainsKey(p.Key)).Select(p => p.Key).ToList())
        {
            desired.Remove(name);
        }

        foreach (var (name, value) in current)
        {
            if (name != "status" && !(desired.TryGetPropertyValue(name, out var mine) && JsonNode.DeepEquals(mine, value)))
            {
                desired[name] = value?.DeepClone();
            }
        }

        return desired;
    }

    private JsonObject PrepareUpdate(JsonObject desired, JsonObject current, string subresource, WriteOptions options)
    {
        var curMeta = Meta.Metadata(current);
        JsonObject updated;
        if (subresource == "status")
        {
            // A status write changes status only: everything else is put back as it was. The desired object is our own
            // copy, and a status write rarely touches the rest, so only what differs is copied back.
            updated = StatusOnly(desired, current);
        }
        else if (subresource is "binding" or "finalize")
        {
            // Server-side subresources whose handlers build the whole object themselves.
            updated = desired;
        }
        else
        {
            updated = desired;
            if (Resource.HasSubresource("status") && Resource.Plural is not "customresourcedefinitions")
            {
                if (current["status"] is { } status)
                {
                    updated["status"] = status.DeepClone();
                }
                else
                {
                    updated.Remove("status");
                }
            }

            Strategy.ApplyDefaults(updated);
        }

        var meta = Meta.Metadata(updated);
        if (Resource.Namespaced)
        {
            var ns = Meta.GetString(meta, "namespace");
            if (!string.IsNullOrEmpty(ns) && ns != Meta.GetString(curMeta, "namespace"))
            {
                throw ApiException.BadRequest("the namespace of the provided object does not match the namespace sent on the request");
            }

            meta["namespace"] = Meta.GetString(curMeta, "namespace");
        }

        foreach (var field in (string[])["uid", "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds", "generation"])
        {
            if (curMeta[field] is { } v)
            {
                meta[field] = v.DeepClone();
            }
            else
            {
                meta.Remove(field);
            }
        }

        meta.Remove("selfLink");
        if (Meta.HasDeletionTimestamp(current))
        {
            // While an object is being deleted, finalizers may only be removed.
            var allowed = Meta.Finalizers(current);
            var wanted = Meta.Finalizers(updated);
            if (wanted.Any(f => !allowed.Contains(f)))
            {
                throw ApiException.Invalid(Resource.Group, Resource.Kind, Meta.Name(current),
                    [FieldError.Forbidden("metadata.finalizers", "no new finalizers can be added if the object is being deleted, found new finalizers " +
                        "[]string{" + string.Join(", ", wanted.Where(f => !allowed.Contains(f)).Select(f => JsonSerializer.Serialize(f))) + "}")]);
            }
        }

        if (TracksGeneration && subresource.Length == 0 && !JsonNode.DeepEquals(Spec(updated), Spec(current)))
        {
            meta["generation"] = (Meta.GetLong(curMeta, "generation") ?? 0) + 1;
        }

        var errors = new List<FieldError>();
        ObjectMetaValidator.ValidateUpdate(updated, current, Resource, errors);
        if (subresource is not ("binding" or "finalize"))
        {
            Strategy.PrepareForUpdate(updated, current);
            if (subresource == "status")
            {
                Strategy.ValidateStatusUpdate(updated, current, errors);
            }
            else
            {
                Strategy.ValidateUpdate(updated, current, errors);
            }
        }

        if (errors.Count > 0)
        {
            throw ApiException.Invalid(Resource.Group, Resource.Kind, Meta.Name(current), errors);
        }

        options.Warnings.AddRange(Strategy.Warnings(updated));
        if (subresource != "binding")
        {
            // Upstream binds with a plain storage update, past the field manager: binding leaves managedFields alone.
            var now = _context.Time.GetUtcNow();
            ManagedFields.RecordUpdate(current, updated, options.FieldManager, options.ApiVersion.Length > 0 ? options.ApiVersion : ApiVersion, now, subresource);
        }

        meta["resourceVersion"] = curMeta["resourceVersion"]?.DeepClone();
        return updated;
    }

    /// <summary>Everything but metadata and status: what a generation counts changes of.</summary>
    private static JsonObject Spec(JsonObject obj)
    {
        var copy = new JsonObject();
        foreach (var (k, v) in obj)
        {
            if (k is not ("metadata" or "status" or "apiVersion" or "kind"))
            {
                copy[k] = v?.DeepClone();
            }
        }

        return copy;
    }

    private long GracePeriod(JsonObject current, DeleteOptions options)
    {
        if (Resource.Plural != "pods" || Resource.Group.Length != 0)
        {
            return 0;
        }

        var spec = current["spec"] as JsonObject;
        var phase = Meta.GetString(current["status"] as JsonObject, "phase");
        if (string.IsNullOrEmpty(Meta.GetString(spec, "nodeName")) || phase is "Succeeded" or "Failed")
        {
            // Never reached a kubelet, or already finished: nothing to stop gracefully.
            return 0;
        }

        var grace = options.GracePeriodSeconds ?? Meta.GetLong(spec, "terminationGracePeriodSeconds") ?? 30;
        return Math.Max(grace, 0);
    }

    private bool IsNamespace => Resource.Plural == "namespaces" && Resource.Group.Length == 0;

    private bool IsNamespaceWithFinalizers(JsonObject obj) =>
        IsNamespace && (obj["spec"] as JsonObject)?["finalizers"] is JsonArray { Count: > 0 };

    private bool HasPendingFinalizers(JsonObject obj) => Meta.Finalizers(obj).Count > 0 || IsNamespaceWithFinalizers(obj);

    private bool GracefulDeletionPending(JsonObject obj) =>
        Resource.Plural == "pods" && Resource.Group.Length == 0 && Meta.GetLong(obj["metadata"] as JsonObject, "deletionGracePeriodSeconds") is > 0;

    private void CheckPreconditions(JsonObject current, DeleteOptions options, string name)
    {
        if (options.PreconditionUid is { Length: > 0 } uid && uid != Meta.Uid(current))
        {
            throw ApiException.Conflict(Resource.Group, Resource.Plural, name,
                $"Precondition failed: UID in precondition: {uid}, UID in object meta: {Meta.Uid(current)}");
        }

        if (options.PreconditionResourceVersion is { Length: > 0 } rv && rv != Meta.ResourceVersion(current))
        {
            throw ApiException.Conflict(Resource.Group, Resource.Plural, name,
                $"Precondition failed: ResourceVersion in precondition: {rv}, ResourceVersion in object meta: {Meta.ResourceVersion(current)}");
        }
    }

    private static void CheckNameMatches(JsonObject obj, string name)
    {
        var meta = Meta.Metadata(obj);
        var bodyName = Meta.GetString(meta, "name") ?? "";
        if (bodyName.Length == 0)
        {
            meta["name"] = name;
        }
        else if (bodyName != name)
        {
            throw ApiException.BadRequest($"the name of the object ({bodyName}) does not match the name on the URL ({name})");
        }
    }

    private async Task CheckNamespaceAsync(string ns, string name, CancellationToken cancellationToken)
    {
        var nsObj = await _context.GetNamespaceAsync(ns, cancellationToken).ConfigureAwait(false)
            ?? throw ApiException.NotFound("", "namespaces", ns);
        if (Meta.HasDeletionTimestamp(nsObj) || Meta.GetString(nsObj["status"] as JsonObject, "phase") == "Terminating")
        {
            var message = $"unable to create new content in namespace {ns} because it is being terminated";
            throw new ApiException(403, "Forbidden", $"{ApiException.Qualified(Resource.Group, Resource.Plural)} \"{name}\" is forbidden: {message}",
                new StatusDetails(name, Resource.Group, Resource.Plural, [new StatusCause("NamespaceTerminating", message, "metadata.namespace")]));
        }
    }

    private static long ParseResourceVersion(string rv)
    {
        if (rv.Length == 0)
        {
            return 0;
        }

        if (!long.TryParse(rv, NumberStyles.None, CultureInfo.InvariantCulture, out var r))
        {
            throw ApiException.BadRequest($"invalid resource version: \"{rv}\"");
        }

        return r;
    }
}
