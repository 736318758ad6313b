using GnosticKind = KubeSharp.ApiServer.OpenApi.GnosticFieldKind;

namespace KubeSharp.ApiServer.OpenApi;

/// <summary>
/// The layout of gnostic's openapiv2/OpenAPIv2.proto (package openapi.v2), which kubectl decodes /openapi/v2 into: field numbers
/// of the plain messages and of the map messages. The oneof messages (ParametersItem, Parameter, NonBodyParameter, ResponseValue,
/// SchemaItem, SecurityDefinitionsItem, AdditionalPropertiesItem) and the array-or-scalar ones (TypeItem, ItemsItem, StringArray,
/// Any) are chosen by <see cref="GnosticV2Encoder"/> from the JSON value.
/// </summary>
internal static class GnosticV2Messages
{
    private static readonly (string Name, GnosticKind Kind, string? Message)[] SimpleSchemaTail =
    [
        ("type", GnosticKind.String, null),
        ("format", GnosticKind.String, null),
        ("items", GnosticKind.Message, "PrimitivesItems"),
        ("collectionFormat", GnosticKind.String, null),
        ("default", GnosticKind.Message, "Any"),
        ("maximum", GnosticKind.Double, null),
        ("exclusiveMaximum", GnosticKind.Bool, null),
        ("minimum", GnosticKind.Double, null),
        ("exclusiveMinimum", GnosticKind.Bool, null),
        ("maxLength", GnosticKind.Int64, null),
        ("minLength", GnosticKind.Int64, null),
        ("pattern", GnosticKind.String, null),
        ("maxItems", GnosticKind.Int64, null),
        ("minItems", GnosticKind.Int64, null),
        ("uniqueItems", GnosticKind.Bool, null),
        ("enum", GnosticKind.Messages, "Any"),
        ("multipleOf", GnosticKind.Double, null),
    ];

    private static readonly (string Name, GnosticKind Kind, string? Message)[] ParameterHead =
    [
        ("required", GnosticKind.Bool, null),
        ("in", GnosticKind.String, null),
        ("description", GnosticKind.String, null),
        ("name", GnosticKind.String, null),
    ];

    public static readonly IReadOnlyDictionary<string, GnosticMessage> Messages = new Dictionary<string, GnosticMessage>(StringComparer.Ordinal)
    {
        ["Document"] = Numbered(16,
            ("swagger", GnosticKind.String, null), ("info", GnosticKind.Message, "Info"), ("host", GnosticKind.String, null),
            ("basePath", GnosticKind.String, null), ("schemes", GnosticKind.Strings, null), ("consumes", GnosticKind.Strings, null),
            ("produces", GnosticKind.Strings, null), ("paths", GnosticKind.Message, "Paths"), ("definitions", GnosticKind.Message, "Definitions"),
            ("parameters", GnosticKind.Message, "ParameterDefinitions"), ("responses", GnosticKind.Message, "ResponseDefinitions"),
            ("security", GnosticKind.Messages, "SecurityRequirement"), ("securityDefinitions", GnosticKind.Message, "SecurityDefinitions"),
            ("tags", GnosticKind.Messages, "Tag"), ("externalDocs", GnosticKind.Message, "ExternalDocs")),
        ["Info"] = Numbered(7,
            ("title", GnosticKind.String, null), ("version", GnosticKind.String, null), ("description", GnosticKind.String, null),
            ("termsOfService", GnosticKind.String, null), ("contact", GnosticKind.Message, "Contact"), ("license", GnosticKind.Message, "License")),
        ["Contact"] = Numbered(4, ("name", GnosticKind.String, null), ("url", GnosticKind.String, null), ("email", GnosticKind.String, null)),
        ["License"] = Numbered(3, ("name", GnosticKind.String, null), ("url", GnosticKind.String, null)),
        ["ExternalDocs"] = Numbered(3, ("description", GnosticKind.String, null), ("url", GnosticKind.String, null)),
        ["Tag"] = Numbered(4,
            ("name", GnosticKind.String, null), ("description", GnosticKind.String, null), ("externalDocs", GnosticKind.Message, "ExternalDocs")),
        ["Xml"] = Numbered(6,
            ("name", GnosticKind.String, null), ("namespace", GnosticKind.String, null), ("prefix", GnosticKind.String, null),
            ("attribute", GnosticKind.Bool, null), ("wrapped", GnosticKind.Bool, null)),
        ["JsonReference"] = Numbered(0, ("$ref", GnosticKind.String, null), ("description", GnosticKind.String, null)),
        ["PathItem"] = Numbered(10,
            ("$ref", GnosticKind.String, null), ("get", GnosticKind.Message, "Operation"), ("put", GnosticKind.Message, "Operation"),
            ("post", GnosticKind.Message, "Operation"), ("delete", GnosticKind.Message, "Operation"), ("options", GnosticKind.Message, "Operation"),
            ("head", GnosticKind.Message, "Operation"), ("patch", GnosticKind.Message, "Operation"),
            ("parameters", GnosticKind.Messages, "ParametersItem")),
        ["Operation"] = Numbered(13,
            ("tags", GnosticKind.Strings, null), ("summary", GnosticKind.String, null), ("description", GnosticKind.String, null),
            ("externalDocs", GnosticKind.Message, "ExternalDocs"), ("operationId", GnosticKind.String, null), ("produces", GnosticKind.Strings, null),
            ("consumes", GnosticKind.Strings, null), ("parameters", GnosticKind.Messages, "ParametersItem"),
            ("responses", GnosticKind.Message, "Responses"), ("schemes", GnosticKind.Strings, null), ("deprecated", GnosticKind.Bool, null),
            ("security", GnosticKind.Messages, "SecurityRequirement")),
        ["BodyParameter"] = Numbered(6,
            ("description", GnosticKind.String, null), ("name", GnosticKind.String, null), ("in", GnosticKind.String, null),
            ("required", GnosticKind.Bool, null), ("schema", GnosticKind.Message, "Schema")),
        ["HeaderParameterSubSchema"] = Numbered(22, [.. ParameterHead, .. SimpleSchemaTail]),
        ["PathParameterSubSchema"] = Numbered(22, [.. ParameterHead, .. SimpleSchemaTail]),
        ["QueryParameterSubSchema"] = Numbered(23, [.. ParameterHead, ("allowEmptyValue", GnosticKind.Bool, null), .. SimpleSchemaTail]),
        ["FormDataParameterSubSchema"] = Numbered(23, [.. ParameterHead, ("allowEmptyValue", GnosticKind.Bool, null), .. SimpleSchemaTail]),
        ["PrimitivesItems"] = Numbered(18, SimpleSchemaTail),
        ["Header"] = Numbered(19, [.. SimpleSchemaTail, ("description", GnosticKind.String, null)]),
        ["Response"] = Numbered(5,
            ("description", GnosticKind.String, null), ("schema", GnosticKind.Message, "SchemaItem"), ("headers", GnosticKind.Message, "Headers"),
            ("examples", GnosticKind.Message, "Examples")),
        ["FileSchema"] = Numbered(10,
            ("format", GnosticKind.String, null), ("title", GnosticKind.String, null), ("description", GnosticKind.String, null),
            ("default", GnosticKind.Message, "Any"), ("required", GnosticKind.Strings, null), ("type", GnosticKind.String, null),
            ("readOnly", GnosticKind.Bool, null), ("externalDocs", GnosticKind.Message, "ExternalDocs"), ("example", GnosticKind.Message, "Any")),
        ["Schema"] = Numbered(31,
            ("$ref", GnosticKind.String, null), ("format", GnosticKind.String, null), ("title", GnosticKind.String, null),
            ("description", GnosticKind.String, null), ("default", GnosticKind.Message, "Any"), ("multipleOf", GnosticKind.Double, null),
            ("maximum", GnosticKind.Double, null), ("exclusiveMaximum", GnosticKind.Bool, null), ("minimum", GnosticKind.Double, null),
            ("exclusiveMinimum", GnosticKind.Bool, null), ("maxLength", GnosticKind.Int64, null), ("minLength", GnosticKind.Int64, null),
            ("pattern", GnosticKind.String, null), ("maxItems", GnosticKind.Int64, null), ("minItems", GnosticKind.Int64, null),
            ("uniqueItems", GnosticKind.Bool, null), ("maxProperties", GnosticKind.Int64, null), ("minProperties", GnosticKind.Int64, null),
            ("required", GnosticKind.Strings, null), ("enum", GnosticKind.Messages, "Any"),
            ("additionalProperties", GnosticKind.Message, "AdditionalPropertiesItem"), ("type", GnosticKind.Message, "TypeItem"),
            ("items", GnosticKind.Message, "ItemsItem"), ("allOf", GnosticKind.Messages, "Schema"), ("properties", GnosticKind.Message, "Properties"),
            ("discriminator", GnosticKind.String, null), ("readOnly", GnosticKind.Bool, null), ("xml", GnosticKind.Message, "Xml"),
            ("externalDocs", GnosticKind.Message, "ExternalDocs"), ("example", GnosticKind.Message, "Any")),
        ["BasicAuthenticationSecurity"] = Numbered(3, ("type", GnosticKind.String, null), ("description", GnosticKind.String, null)),
        ["ApiKeySecurity"] = Numbered(5,
            ("type", GnosticKind.String, null), ("name", GnosticKind.String, null), ("in", GnosticKind.String, null),
            ("description", GnosticKind.String, null)),
        ["Oauth2ImplicitSecurity"] = Numbered(6,
            ("type", GnosticKind.String, null), ("flow", GnosticKind.String, null), ("scopes", GnosticKind.Message, "Oauth2Scopes"),
            ("authorizationUrl", GnosticKind.String, null), ("description", GnosticKind.String, null)),
        ["Oauth2PasswordSecurity"] = Numbered(6,
            ("type", GnosticKind.String, null), ("flow", GnosticKind.String, null), ("scopes", GnosticKind.Message, "Oauth2Scopes"),
            ("tokenUrl", GnosticKind.String, null), ("description", GnosticKind.String, null)),
        ["Oauth2ApplicationSecurity"] = Numbered(6,
            ("type", GnosticKind.String, null), ("flow", GnosticKind.String, null), ("scopes", GnosticKind.Message, "Oauth2Scopes"),
            ("tokenUrl", GnosticKind.String, null), ("description", GnosticKind.String, null)),
        ["Oauth2AccessCodeSecurity"] = Numbered(7,
            ("type", GnosticKind.String, null), ("flow", GnosticKind.String, null), ("scopes", GnosticKind.Message, "Oauth2Scopes"),
            ("authorizationUrl", GnosticKind.String, null), ("tokenUrl", GnosticKind.String, null), ("description", GnosticKind.String, null)),
    };

    public static readonly IReadOnlyDictionary<string, GnosticMap> Maps = new Dictionary<string, GnosticMap>(StringComparer.Ordinal)
    {
        ["Paths"] = new("PathItem", EntryField: 2, VendorExtension: 1),
        ["Responses"] = new("ResponseValue", EntryField: 1, VendorExtension: 2),
        ["Definitions"] = new("Schema", EntryField: 1),
        ["Properties"] = new("Schema", EntryField: 1),
        ["ParameterDefinitions"] = new("Parameter", EntryField: 1),
        ["ResponseDefinitions"] = new("Response", EntryField: 1),
        ["SecurityDefinitions"] = new("SecurityDefinitionsItem", EntryField: 1),
        ["SecurityRequirement"] = new("StringArray", EntryField: 1),
        ["Headers"] = new("Header", EntryField: 1),
        ["Examples"] = new("Any", EntryField: 1),
        ["Oauth2Scopes"] = new("string", EntryField: 1),
    };

    /// <summary>A message whose fields are numbered 1, 2, 3... in the order given (as gnostic generates them).</summary>
    private static GnosticMessage Numbered(int vendorExtension, params (string Name, GnosticKind Kind, string? Message)[] fields)
    {
        var byName = new Dictionary<string, GnosticField>(StringComparer.Ordinal);
        for (var i = 0; i < fields.Length; i++)
        {
            byName[fields[i].Name] = new GnosticField(i + 1, fields[i].Kind, fields[i].Message);
        }

        return new GnosticMessage(byName, vendorExtension);
    }
}
