using System.Net;
using System.Net.Sockets;

namespace Portal.Testing;

/// <summary>
/// A TCP relay between the portal and its PostgreSQL server that a test can cut, as a network or database outage
/// looks to the portal: open connections break, new ones are refused. <see cref="Restore"/> lets them through again.
/// </summary>
public sealed class DatabaseLink : IAsyncDisposable
{
    private readonly IPEndPoint target;
    private readonly List<TcpClient> open = [];
    private readonly CancellationTokenSource stop = new();
    private TcpListener? listener;

    public DatabaseLink(string host, int port)
    {
        target = new IPEndPoint(Dns.GetHostAddresses(host).First(a => a.AddressFamily == AddressFamily.InterNetwork), port);
        Port = TestPostgres.FreePort();
        Restore();
    }

    /// <summary>The port the portal connects to instead of the server's.</summary>
    public int Port { get; }

    /// <summary>Breaks every open connection and refuses new ones (nothing listens on the port).</summary>
    public void Cut()
    {
        lock (open)
        {
            listener?.Stop();
            listener = null;
            foreach (var client in open)
            {
                try
                {
                    if (client.Client is { Connected: true } socket)
                    {
                        socket.LingerState = new LingerOption(true, 0); // a reset, as when the server goes away
                    }
                }
                catch (ObjectDisposedException)
                {
                    // closed by its pump meanwhile
                }

                client.Dispose();
            }

            open.Clear();
        }
    }

    /// <summary>Accepts connections again and relays them to the server.</summary>
    public void Restore()
    {
        lock (open)
        {
            if (listener is not null)
            {
                return;
            }

            listener = new TcpListener(IPAddress.Loopback, Port);
            listener.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            listener.Start();
            _ = AcceptAsync(listener);
        }
    }

    private async Task AcceptAsync(TcpListener from)
    {
        while (!stop.IsCancellationRequested)
        {
            TcpClient incoming;
            try
            {
                incoming = await from.AcceptTcpClientAsync(stop.Token);
            }
            catch (Exception e) when (e is ObjectDisposedException or SocketException or OperationCanceledException or InvalidOperationException)
            {
                return; // cut
            }

            var outgoing = new TcpClient();
            try
            {
                await outgoing.ConnectAsync(target, stop.Token);
            }
            catch (Exception e) when (e is SocketException or OperationCanceledException)
            {
                incoming.Dispose();
                outgoing.Dispose();
                continue;
            }

            lock (open)
            {
                open.Add(incoming);
                open.Add(outgoing);
            }

            _ = PumpAsync(incoming, outgoing);
            _ = PumpAsync(outgoing, incoming);
        }
    }

    private async Task PumpAsync(TcpClient from, TcpClient to)
    {
        try
        {
            await from.GetStream().CopyToAsync(to.GetStream(), stop.Token);
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or SocketException or OperationCanceledException or InvalidOperationException)
        {
            // the other side or the test closed it
        }
        finally
        {
            from.Dispose();
            to.Dispose();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        Cut();
        stop.Dispose();
    }
}
