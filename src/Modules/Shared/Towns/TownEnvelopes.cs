namespace Portal.Shared.Towns;

/// <summary>
/// Which of Wolverine's stored envelopes (queued, scheduled, dead letters) belong to a town. Wolverine keeps the tenant
/// id among the serialized envelope's headers (a length-prefixed "tenant-id" then the length-prefixed id), not in a
/// column, so the filter looks for exactly that sequence of bytes in the body. Two parameters: the town id, twice.
/// </summary>
public static class TownEnvelopes
{
    public const string Filter =
        "position(('\\x09'::bytea || convert_to('tenant-id', 'UTF8') || set_byte('\\x00'::bytea, 0, octet_length(convert_to(?, 'UTF8'))) || convert_to(?, 'UTF8')) in body) > 0";
}
