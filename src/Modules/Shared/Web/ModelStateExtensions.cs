using Microsoft.AspNetCore.Mvc.ModelBinding;
using Portal.Shared.Validation;

namespace Portal.Shared.Web;

public static class ModelStateExtensions
{
    /// <summary>Puts a slice's field errors into the page's model state under the page's property prefix.</summary>
    public static void AddErrors(this ModelStateDictionary modelState, ValidationFailedException exception, string prefix = "Input")
    {
        foreach (var (field, messages) in exception.Errors)
        {
            var key = string.IsNullOrEmpty(field) ? string.Empty : $"{prefix}.{char.ToUpperInvariant(field[0])}{field[1..]}";
            foreach (var message in messages)
            {
                modelState.AddModelError(key, message);
            }
        }
    }
}
