/**
 * The attribute types of distinguished names, as OpenSSL (and so Node's `X509Certificate`) names
 * them in a subject: its short names, which differ by case alone for some types (`UID` is userId,
 * `uid` uniqueIdentifier). A registered DN may use any case, the long names or the OIDs of
 * RFC 4514 §3 and RFC 4519; this table gives OpenSSL's name for each.
 */
const OPENSSL_NAMES: ReadonlyArray<readonly [name: string, aliases: readonly string[]]> = [
  ['CN', ['commonName', '2.5.4.3']],
  ['SN', ['surname', '2.5.4.4']],
  ['serialNumber', ['2.5.4.5']],
  ['C', ['countryName', '2.5.4.6']],
  ['L', ['localityName', '2.5.4.7']],
  ['ST', ['stateOrProvinceName', '2.5.4.8']],
  ['street', ['streetAddress', '2.5.4.9']],
  ['O', ['organizationName', '2.5.4.10']],
  ['OU', ['organizationalUnitName', '2.5.4.11']],
  ['title', ['2.5.4.12']],
  ['description', ['2.5.4.13']],
  ['businessCategory', ['2.5.4.15']],
  ['postalCode', ['2.5.4.17']],
  ['name', ['2.5.4.41']],
  ['GN', ['givenName', '2.5.4.42']],
  ['initials', ['2.5.4.43']],
  ['generationQualifier', ['2.5.4.44']],
  ['x500UniqueIdentifier', ['2.5.4.45']],
  ['dnQualifier', ['2.5.4.46']],
  ['pseudonym', ['2.5.4.65']],
  ['organizationIdentifier', ['2.5.4.97']],
  ['UID', ['userId', '0.9.2342.19200300.100.1.1']],
  // After UID, which RFC 4514 gives the alias `uid`: uniqueIdentifier is printed `uid`.
  ['uid', ['uniqueIdentifier', '0.9.2342.19200300.100.1.44']],
  ['postalAddress', ['2.5.4.16']],
  ['dmdName', ['2.5.4.54']],
  ['DC', ['domainComponent', '0.9.2342.19200300.100.1.25']],
  ['emailAddress', ['1.2.840.113549.1.9.1']],
  ['jurisdictionL', ['1.3.6.1.4.1.311.60.2.1.1']],
  ['jurisdictionST', ['1.3.6.1.4.1.311.60.2.1.2']],
  ['jurisdictionC', ['1.3.6.1.4.1.311.60.2.1.3']],
];

/** Lower-case alias → OpenSSL's name; the first entry to claim an alias keeps it. */
const BY_ALIAS = new Map<string, string>();
for (const [name, aliases] of OPENSSL_NAMES) {
  for (const alias of [name, ...aliases]) {
    if (!BY_ALIAS.has(alias.toLowerCase())) BY_ALIAS.set(alias.toLowerCase(), name);
  }
}

/**
 * OpenSSL's name for a registered attribute type. A type not in the table is kept as written
 * and so must be spelled as OpenSSL prints it (its short name, or the dotted OID of a type
 * OpenSSL does not know).
 */
export function opensslAttributeType(registered: string): string {
  return BY_ALIAS.get(registered.toLowerCase()) ?? registered;
}
