using Portal.Shared.Towns;
using System.Security.Claims;
using Marten;
using Marten.Patching;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Portal.Identity.Contracts;
using Portal.Identity.Domain;

namespace Portal.Identity.Infrastructure;

/// <summary>
/// Server-side sessions: a sign-in starts one, every request checks it (one round trip reads the session and the
/// account together) and rebuilds the principal from what the account holds now, so a sign-out, a password change,
/// a deactivation or an agenda taken away counts from the next request.
/// </summary>
public sealed class Sessions(IDocumentStore store, ISessionFactory sessions, IOptions<IdentityOptions> options, TimeProvider clock)
{
    /// <summary>A session's last-seen time is written at most this often (idle timeouts are in minutes).</summary>
    private static readonly TimeSpan TouchEvery = TimeSpan.FromSeconds(30);

    /// <summary>Starts a session in the caller's unit of work (saved with the sign-in); answers the cookie's secret.</summary>
    public static string Start(IDocumentSession session, UserAccount account, string method, LevelOfAssurance level, DateTimeOffset now, string? userAgent, string? clientAddress)
    {
        var (started, secret) = UserSession.Start(account.Id, method, level, now, userAgent, clientAddress);
        session.Insert(started);
        return secret;
    }

    /// <summary>Ends the account's open sessions in the caller's unit of work, except the one whose secret is given.</summary>
    public static async Task EndAllAsync(IDocumentSession session, Guid userId, SessionEnd reason, DateTimeOffset now, string? exceptSecret, CancellationToken cancellationToken)
    {
        var keep = exceptSecret is null ? null : UserSession.Hash(exceptSecret);
        var open = await session.Query<UserSession>().Where(s => s.UserId == userId && s.EndedAt == null).ToListAsync(cancellationToken);
        foreach (var s in open.Where(s => s.Id != keep))
        {
            s.End(reason, now);
            session.Store(s);
        }
    }

    /// <summary>Signs the browser in with a session already saved by a slice.</summary>
    public static Task SignInAsync(HttpContext http, Guid userId, string secret, AuthenticationProperties? properties = null) =>
        http.SignInAsync(IdentityModule.CookieScheme, AccountPrincipal.ForCookie(userId, secret), properties ?? new AuthenticationProperties());

    /// <summary>Ends this browser's session for real and removes the cookie.</summary>
    public async Task SignOutAsync(HttpContext http, SessionEnd reason = SessionEnd.SignedOut)
    {
        if (http.User.FindFirstValue(PortalClaimTypes.Session) is { Length: > 0 } secret)
        {
            await EndAsync(secret, reason, http.RequestAborted);
        }

        await http.SignOutAsync(IdentityModule.CookieScheme);
    }

    public async Task EndAsync(string secret, SessionEnd reason, CancellationToken cancellationToken)
    {
        await using var session = store.LightweightSession(TownContext.RequiredId);
        if (await session.LoadAsync<UserSession>(UserSession.Hash(secret), cancellationToken) is { EndedAt: null } s)
        {
            s.End(reason, clock.GetUtcNow());
            session.Store(s);
            await session.SaveChangesAsync(cancellationToken);
        }
    }

    /// <summary>The cookie's check on every request (<see cref="CookieAuthenticationEvents.OnValidatePrincipal"/>).</summary>
    internal async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        // The error page drawn after a failure (perhaps of the database) needs no session: it is drawn as for a
        // visitor, and the cookie stays for the next request.
        if (context.HttpContext.Features.Get<Microsoft.AspNetCore.Diagnostics.IExceptionHandlerFeature>() is not null)
        {
            context.RejectPrincipal();
            return;
        }

        // A session is a town's: outside any town (an installation-wide address) nobody is signed in; the cookie stays.
        if (TownContext.CurrentId is null)
        {
            context.RejectPrincipal();
            return;
        }

        var principal = context.Principal;
        var secret = principal?.FindFirstValue(PortalClaimTypes.Session);
        if (secret is not { Length: > 0 and <= 100 } || !Guid.TryParse(principal!.FindFirstValue(PortalClaimTypes.UserId), out var userId))
        {
            await Reject(context);
            return;
        }

        var hash = UserSession.Hash(secret);
        var now = clock.GetUtcNow();
        UserSession? session;
        UserAccount? account;
        await using (var query = sessions.QuerySession())
        {
            var batch = query.CreateBatchQuery();
            var sessionTask = batch.Load<UserSession>(hash);
            var accountTask = batch.Load<UserAccount>(userId);
            await batch.Execute(context.HttpContext.RequestAborted);
            session = await sessionTask;
            account = await accountTask;
        }

        if (session is null || account is null || session.UserId != account.Id || account.IsDeactivated
            || !session.IsActive(now, SessionLimits.For(account, options.Value.Sessions)))
        {
            await Reject(context);
            return;
        }

        if (now - session.LastSeenAt > TouchEvery)
        {
            await using var write = sessions.OpenSession();
            write.Patch<UserSession>(hash).Set(s => s.LastSeenAt, now);
            await write.SaveChangesAsync(context.HttpContext.RequestAborted);
        }

        context.ReplacePrincipal(AccountPrincipal.Create(account, session, secret, options.Value.RequiredLevel));
    }

    private static async Task Reject(CookieValidatePrincipalContext context)
    {
        context.RejectPrincipal();
        await context.HttpContext.SignOutAsync(IdentityModule.CookieScheme);
    }
}
