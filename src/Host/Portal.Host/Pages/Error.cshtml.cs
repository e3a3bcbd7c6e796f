using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Portal.Host.Pages;

/// <summary>The error page for people: a clear message, never a stack trace.</summary>
[AllowAnonymous]
[IgnoreAntiforgeryToken]
[ResponseCache(Duration = 0, Location = ResponseCacheLocation.None, NoStore = true)]
public sealed class ErrorModel(IStringLocalizer<HostText> t) : PageModel
{
    public string Title { get; private set; } = string.Empty;
    public string Detail { get; private set; } = string.Empty;

    public void OnGet(int? code) => Describe(code ?? (HttpContext.Response.StatusCode >= 400 ? HttpContext.Response.StatusCode : 500));

    public void OnPost(int? code) => OnGet(code);

    private void Describe(int code)
    {
        (Title, Detail) = code switch
        {
            400 => (t["Požadavek nelze zpracovat"], t["Zkontrolujte prosím zadané údaje a zkuste to znovu."]),
            403 => (t["K této stránce nemáte přístup"], t["Stránka patří jinému účtu nebo agendě."]),
            404 => (t["Stránka nenalezena"], t["Adresa neexistuje nebo záznam už není k dispozici."]),
            429 => (t["Příliš mnoho pokusů"], t["Počkejte prosím minutu a zkuste to znovu."]),
            _ => (t["Na naší straně nastala chyba"], t["Omlouváme se. Nic z toho, co jste už odeslali, se neztratilo. Zkuste to prosím za chvíli znovu."]),
        };
    }
}
