using Portal.Forms.Domain;

namespace Portal.Forms.Pages.Forms.Designer;

/// <summary>A condition's inputs: "<paramref name="Prefix"/>Field" (which choice) and "<paramref name="Prefix"/>Values".</summary>
public sealed record ConditionModel(string Prefix, IReadOnlyList<FormField> Fields, string? Field, string? Values)
{
    public string Id(string part) => (Prefix + part).Replace('.', '_');
}

/// <summary>The fields of a step (or of a group inside it) with their actions.</summary>
public sealed record FieldListModel(EditModel Page, string StepId, string? Group, IReadOnlyList<FormField> Fields, int Revision);
