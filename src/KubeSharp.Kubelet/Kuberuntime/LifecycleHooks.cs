using System.Globalization;
using System.Text;
using Grpc.Core;
using k8s.Models;
using KubeSharp.Kubelet.Cri;

namespace KubeSharp.Kubelet.Kuberuntime;

/// <summary>Runs postStart and preStop handlers (exec in the container, httpGet against the pod, sleep), as upstream's handlerRunner.</summary>
internal sealed class LifecycleHooks(IRuntimeService runtime, HttpClient http, TimeProvider time, KubeRuntimeOptions options)
{
    /// <summary>Runs the handler; returns null on success, else upstream's failure message.</summary>
    public async Task<string?> RunAsync(V1Pod pod, V1Container container, string containerId, V1LifecycleHandler handler,
        IReadOnlyList<string> podIps, CancellationToken cancellationToken)
    {
        var podName = PodSpecs.Format(pod);
        if (handler.Exec is { } exec)
        {
            var command = exec.Command ?? [];
            try
            {
                var result = await runtime.ExecSyncAsync(containerId, [.. command], 0, cancellationToken).ConfigureAwait(false);
                if (result.ExitCode == 0)
                {
                    return null;
                }

                var output = Encoding.UTF8.GetString(result.Stdout.ToByteArray()) + Encoding.UTF8.GetString(result.Stderr.ToByteArray());
                return $"Exec lifecycle hook ([{string.Join(" ", command)}]) for Container \"{container.Name}\" in Pod \"{podName}\" failed - " +
                    $"error: command '{string.Join(" ", command)}' exited with {result.ExitCode}: {output}, message: \"{output}\"";
            }
            catch (RpcException e)
            {
                return $"Exec lifecycle hook ([{string.Join(" ", command)}]) for Container \"{container.Name}\" in Pod \"{podName}\" failed - " +
                    $"error: {e.Status.Detail}, message: \"\"";
            }
        }

        if (handler.HttpGet is { } get)
        {
            var url = HttpGetUrl(pod, container, get, podIps);
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, url);
                foreach (var header in get.HttpHeaders ?? [])
                {
                    request.Headers.TryAddWithoutValidation(header.Name, header.Value);
                }

                using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
                var code = (int)response.StatusCode;
                return code is >= 200 and < 400 ? null
                    : $"HTTP lifecycle hook ({get.Path}) for Container \"{container.Name}\" in Pod \"{podName}\" failed - error: " +
                        $"HTTP lifecycle hook ({get.Path}) for Container \"{container.Name}\" in Pod \"{podName}\" failed - status code {code}";
            }
            catch (HttpRequestException e)
            {
                return $"HTTP lifecycle hook ({get.Path}) for Container \"{container.Name}\" in Pod \"{podName}\" failed - error: {e.Message}";
            }
        }

        if (handler.Sleep is { } sleep)
        {
            await Task.Delay(TimeSpan.FromSeconds(sleep.Seconds), time, cancellationToken).ConfigureAwait(false);
        }

        return null;
    }

    private Uri HttpGetUrl(V1Pod pod, V1Container container, V1HTTPGetAction get, IReadOnlyList<string> podIps)
    {
        var host = !string.IsNullOrEmpty(get.Host) ? get.Host
            : PodSpecs.HostNetwork(pod) ? options.NodeIp
            : podIps.FirstOrDefault() ?? "127.0.0.1";
        var portText = get.Port?.Value ?? "80";
        if (!int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out var port))
        {
            port = (container.Ports ?? []).FirstOrDefault(p => p.Name == portText)?.ContainerPort ?? 80;
        }

        var scheme = string.Equals(get.Scheme, "HTTPS", StringComparison.OrdinalIgnoreCase) ? "https" : "http";
        var path = string.IsNullOrEmpty(get.Path) ? "/" : get.Path.StartsWith('/') ? get.Path : "/" + get.Path;
        var hostPart = host.Contains(':', StringComparison.Ordinal) ? $"[{host}]" : host;
        return new Uri($"{scheme}://{hostPart}:{port.ToString(CultureInfo.InvariantCulture)}{path}");
    }
}
