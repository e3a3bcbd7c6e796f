namespace Portal.Forms.Contracts;

/// <summary>
/// Asks Forms how a sent form reads: its steps as sections, each value under its label as the citizen saw it (a
/// repeated group as "Pes 1 – Jméno", a choice by its text, a date the Czech way, a file by its name), in the given
/// language ("cs" or "en"). Filing shows it on the citizen's submission and on the clerk's case without knowing the form.
/// </summary>
public sealed record DescribeSubmission(string FormCode, int FormVersion, IReadOnlyDictionary<string, string> Values, IReadOnlyList<SubmittedAttachment> Attachments, string Language);

/// <summary>The answer: the visible steps with what was filled in; empty when the form version is unknown.</summary>
public sealed record SubmissionDescription(IReadOnlyList<DescribedSection> Sections);

public sealed record DescribedSection(string Title, IReadOnlyList<DescribedValue> Items);

/// <summary>One line: a label and its value; for a file field, the files (the value is their names).</summary>
public sealed record DescribedValue(string Label, string Value, IReadOnlyList<SubmittedAttachment>? Files = null);

/// <summary>A citizen's unsent drafts for their home page, last saved first, titles in <paramref name="Language"/>.</summary>
public sealed record GetCitizenDrafts(Guid CitizenId, string Language, int Take = 5);

public sealed record CitizenDrafts(IReadOnlyList<CitizenDraft> Items, int Total);

/// <summary><paramref name="DeleteAfter"/>: the day an untouched draft is removed (the idle-draft rule).</summary>
public sealed record CitizenDraft(Guid Id, string FormTitle, DateTimeOffset UpdatedAt, int Step, int Steps, DateOnly? DeleteAfter);
