namespace KubeSharp.Storage;

public static class StoreExtensions
{
    /// <summary>
    /// Reads the key, asks <paramref name="tryUpdate"/> for its new value (given the current entry, or null when the key
    /// does not exist), and writes it on condition that nobody wrote in between; on a conflict it starts again with the
    /// newer entry. <paramref name="tryUpdate"/> returning null means "no change": the current entry is returned as is
    /// (null when the key does not exist). It may throw to give up (for example a precondition failed).
    /// </summary>
    public static async Task<StoreEntry?> GuaranteedUpdateAsync(
        this IStore store, string key, Func<StoreEntry?, byte[]?> tryUpdate, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(tryUpdate);
        var current = await store.GetAsync(key, cancellationToken);
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var value = tryUpdate(current);
            if (value is null)
            {
                return current;
            }

            try
            {
                return current is null
                    ? await store.CreateAsync(key, value, cancellationToken)
                    : await store.UpdateAsync(key, value, current.ModRevision, cancellationToken);
            }
            catch (StoreConflictException ex)
            {
                current = ex.Current;
            }
            catch (StoreKeyNotFoundException)
            {
                current = null;
            }
            catch (StoreKeyExistsException)
            {
                current = await store.GetAsync(key, cancellationToken);
            }
        }
    }
}
