using System.Net;
using System.Net.Http.Json;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;

namespace Portal.Testing;

/// <summary>A page as a browser without JavaScript sees it.</summary>
public sealed record Page(HttpStatusCode Status, Uri Url, IHtmlDocument Document, string Html)
{
    public string Text(string selector) => Document.QuerySelector(selector)?.TextContent.Trim()
        ?? throw new InvalidOperationException($"'{selector}' not found on {Url}:\n{Html}");

    public bool Has(string selector) => Document.QuerySelector(selector) is not null;

    /// <summary>The error message tied to a field (aria-describedby), as a screen reader would announce it.</summary>
    public string FieldError(string fieldId) => Text($"#{fieldId}-error");
}

/// <summary>
/// An HTTP client with its own cookie jar that follows redirects (also to the NIA emulator and back) and submits
/// HTML forms the way a browser does: every field of the form, antiforgery token included.
/// </summary>
public sealed class PortalClient : IDisposable
{
    private static readonly HtmlParser Parser = new();
    private readonly HttpClient http;

    public PortalClient(Uri baseAddress, CookieContainer? cookies = null)
    {
        Cookies = cookies ?? new CookieContainer();
        http = new HttpClient(Handler(Cookies))
        {
            BaseAddress = baseAddress,
        };
    }

    /// <summary>
    /// A handler that sends every <c>*.localhost</c> name to the loopback, as browsers and curl do (RFC 6761), so one
    /// test host answers on several towns' host names.
    /// </summary>
    public static SocketsHttpHandler Handler(CookieContainer cookies) => new()
    {
        CookieContainer = cookies,
        AllowAutoRedirect = true,
        MaxAutomaticRedirections = 20,
        ConnectCallback = async (context, ct) =>
        {
            var host = context.DnsEndPoint.Host;
            var socket = new System.Net.Sockets.Socket(System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp) { NoDelay = true };
            try
            {
                if (host.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase) || host.Equals("localhost", StringComparison.OrdinalIgnoreCase))
                {
                    await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, context.DnsEndPoint.Port), ct);
                }
                else
                {
                    await socket.ConnectAsync(context.DnsEndPoint, ct);
                }

                return new System.Net.Sockets.NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        },
    };

    public CookieContainer Cookies { get; }

    /// <summary>The same browser (its cookies: the session, antiforgery) talking to another instance of the portal.</summary>
    public PortalClient On(Uri otherInstance) => new(otherInstance, Cookies);

    public HttpClient Http => http;

    public async Task<Page> GetAsync(string url) => await ToPage(await http.GetAsync(url));

    public async Task<Page> SubmitAsync(Page page, string formSelector, IDictionary<string, string?>? values = null, (string Name, string Value)? button = null)
    {
        var form = page.Document.QuerySelector(formSelector) as IHtmlFormElement
            ?? throw new InvalidOperationException($"Form '{formSelector}' not found on {page.Url}:\n{page.Html}");
        var fields = new List<KeyValuePair<string, string>>();
        foreach (var element in form.Elements)
        {
            switch (element)
            {
                case IHtmlInputElement input when !string.IsNullOrEmpty(input.Name) && input.Type is not ("submit" or "button"):
                    if (input.Type is "checkbox" or "radio")
                    {
                        if (input.IsChecked)
                        {
                            fields.Add(new(input.Name, input.Value));
                        }
                    }
                    else
                    {
                        fields.Add(new(input.Name, input.Value));
                    }

                    break;
                case IHtmlSelectElement select when !string.IsNullOrEmpty(select.Name):
                    fields.Add(new(select.Name, select.Value ?? string.Empty));
                    break;
                case IHtmlTextAreaElement area when !string.IsNullOrEmpty(area.Name):
                    fields.Add(new(area.Name, area.Value));
                    break;
            }
        }

        foreach (var (name, value) in values ?? new Dictionary<string, string?>())
        {
            fields.RemoveAll(f => f.Key == name);
            if (value is not null)
            {
                fields.Add(new(name, value));
            }
        }

        if (button is { } b)
        {
            fields.Add(new(b.Name, b.Value));
        }

        var action = form.GetAttribute("action");
        var target = string.IsNullOrEmpty(action) ? page.Url : new Uri(page.Url, action);
        return await ToPage(await http.PostAsync(target, new FormUrlEncodedContent(fields)));
    }

    public Task<HttpResponseMessage> PostJsonAsync<T>(string url, T body) => http.PostAsJsonAsync(url, body);

    public async Task<Page> ToPage(HttpResponseMessage response)
    {
        var html = await response.Content.ReadAsStringAsync();
        return new Page(response.StatusCode, response.RequestMessage!.RequestUri!, Parser.ParseDocument(html), html);
    }

    public void Dispose() => http.Dispose();
}
